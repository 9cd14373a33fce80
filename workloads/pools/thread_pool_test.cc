// The thread pool runs every task exactly once, keeps Pool's close/join
// contract, and hands results, callbacks and exceptions back to the caller.
#include "workloads/pools/thread_pool.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <atomic>
#include <future>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "workloads/base/worker_hook_testing.h"

namespace mt::workloads {
namespace {

TEST(ThreadPool, EveryTaskRunsExactlyOnce) {
  constexpr int kTasks = 5000;
  std::vector<std::atomic<int>> runs(kTasks);
  {
    ThreadPool pool(4);
    // Two submitters at once, each its own half of the tasks.
    auto submit = [&](int from) {
      for (int i = from; i < kTasks; i += 2) {
        pool.ApplyAsync([&runs, i] { runs[i].fetch_add(1); });
      }
    };
    std::thread a(submit, 0), b(submit, 1);
    a.join();
    b.join();
    pool.Close();
    pool.Join();
  }
  for (int i = 0; i < kTasks; ++i) ASSERT_EQ(runs[i].load(), 1) << "task " << i;
}

TEST(ThreadPool, CloseRacingSubmitsLosesNoAcceptedTask) {
  ThreadPool pool(2);
  std::atomic<int> ran{0};
  int accepted = 0;
  std::thread submitter([&] {
    for (int i = 0; i < 100000; ++i) {
      try {
        pool.ApplyAsync([&ran] { ran.fetch_add(1); });
        ++accepted;
      } catch (const PoolStateError&) {
        return;
      }
    }
  });
  pool.Close();
  submitter.join();
  pool.Join();
  EXPECT_EQ(ran.load(), accepted);
}

// The seeds: Pool(3), ten apply_async calls, close(), join().
TEST(ThreadPool, SeedsApplyAsyncThenCloseThenJoin) {
  ThreadPool pool(3);
  std::promise<void> gate;  // holds the workers until all are queued
  std::shared_future<void> open = gate.get_future().share();
  std::atomic<int> done{0};
  for (int i = 0; i < 10; ++i) {
    pool.ApplyAsync([open, &done] {
      open.wait();
      done.fetch_add(1);
    });
  }
  pool.Close();
  EXPECT_THROW(pool.ApplyAsync([] {}), PoolStateError);
  gate.set_value();  // queued tasks still run after Close()
  pool.Join();
  EXPECT_EQ(done.load(), 10);
  pool.Join();  // idempotent
}

TEST(ThreadPool, JoinBeforeCloseIsAnError) {
  ThreadPool pool(1);
  try {
    pool.Join();
    FAIL() << "Join() before Close() did not throw";
  } catch (const PoolStateError& e) {
    EXPECT_NE(std::string(e.what()).find("Close()"), std::string::npos);
  }
}

TEST(ThreadPool, JoinFromOwnWorkerIsAnError) {
  ThreadPool pool(1);
  std::promise<void> gate;
  std::shared_future<void> open = gate.get_future().share();
  auto joined = pool.ApplyAsync([&pool, open] {
    open.wait();
    pool.Join();
  });
  pool.Close();
  gate.set_value();
  EXPECT_THROW(joined.get(), PoolStateError);
}

TEST(ThreadPool, ExceptionReachesCaller) {
  ThreadPool pool(2);
  auto failing = pool.ApplyAsync(
      []() -> int { throw std::runtime_error("task 7 failed"); });
  try {
    failing.get();
    FAIL() << "the task's exception was lost";
  } catch (const std::runtime_error& e) {
    EXPECT_STREQ(e.what(), "task 7 failed");
  }
  EXPECT_THROW(pool.Apply([] { throw std::out_of_range("x"); }),
               std::out_of_range);
  EXPECT_EQ(pool.Apply([] { return 5; }), 5);  // the pool survives
}

TEST(ThreadPool, ApplyBlocksUntilDone) {
  ThreadPool pool(2);
  int side_effect = 0;  // plain int: Apply's return orders the write
  EXPECT_EQ(pool.Apply([&side_effect] {
    side_effect = 42;
    return 6 * 7;
  }),
            42);
  EXPECT_EQ(side_effect, 42);
}

TEST(ThreadPool, CallbackGetsResultBeforeFutureIsReady) {
  ThreadPool pool(2);
  int seen = 0;  // written by the callback; ordered by the future
  auto f = pool.ApplyAsync([] { return 9; }, [&seen](int r) { seen = r * r; });
  EXPECT_EQ(f.get(), 9);
  EXPECT_EQ(seen, 81);

  bool called = false;
  auto failing = pool.ApplyAsync([]() -> int { throw std::runtime_error("x"); },
                                 [&called](int) { called = true; });
  EXPECT_THROW(failing.get(), std::runtime_error);
  EXPECT_FALSE(called);

  auto bad_callback = pool.ApplyAsync(
      [] { return 1; }, [](int) { throw std::logic_error("callback"); });
  EXPECT_THROW(bad_callback.get(), std::logic_error);

  int void_calls = 0;
  pool.ApplyAsync([] {}, [&void_calls] { ++void_calls; }).get();
  EXPECT_EQ(void_calls, 1);
}

TEST(ThreadPool, DestructorDrainsTheQueue) {
  std::atomic<int> done{0};
  {
    ThreadPool pool(2);
    for (int i = 0; i < 100; ++i) pool.ApplyAsync([&done] { done++; });
  }
  EXPECT_EQ(done.load(), 100);
}

TEST(ThreadPool, RejectsNoWorkers) {
  EXPECT_THROW(ThreadPool(0), std::invalid_argument);
  EXPECT_EQ(ThreadPool(3).size(), 3);
}

TEST(ThreadPool, EachWorkerCallsTheHookOnItsOwnThreadFirst) {
  HookLog log;
  {
    ThreadPool pool(3, log.Hook());
    EXPECT_EQ(pool.Apply([] { return 1; }), 1);
  }  // joined: every worker has run its hook
  EXPECT_EQ(log.Workers(), (std::vector<int>{0, 1, 2}));
  std::set<pid_t> tids;
  for (const HookLog::Call& c : log.Calls()) {
    EXPECT_EQ(c.workers, 3);
    EXPECT_EQ(c.pid, getpid());
    EXPECT_NE(c.tid, getpid());  // not this (the main) thread
    tids.insert(c.tid);
  }
  EXPECT_EQ(tids.size(), 3u);
}

}  // namespace
}  // namespace mt::workloads
