// The process pool runs every task exactly once in a worker process, keeps
// Pool's close/join contract, returns results, callbacks and exceptions, and
// reaps every worker, also when one crashes.
#include "workloads/pools/process_pool.h"

#include <gtest/gtest.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <csignal>
#include <future>
#include <mutex>
#include <set>
#include <string>
#include <vector>

#include "workloads/base/worker_hook_testing.h"

namespace mt::workloads {
namespace {

constexpr std::size_t kSlots = 4096;
// Run counts per task argument in memory shared with the workers (mapped
// before the fork, so every worker sees the same pages).
std::atomic<std::uint32_t>* g_runs = nullptr;

std::atomic<std::uint32_t>* SharedRuns() {
  static_assert(std::atomic<std::uint32_t>::is_always_lock_free);
  void* p = mmap(nullptr, kSlots * sizeof(std::atomic<std::uint32_t>),
                 PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
  if (p == MAP_FAILED) throw std::runtime_error("mmap failed");
  return new (p) std::atomic<std::uint32_t>[kSlots]();
}

std::uint64_t CountedSquare(std::uint64_t x) {
  g_runs[x].fetch_add(1);
  return x * x;
}
std::uint64_t Pid(std::uint64_t) {
  return static_cast<std::uint64_t>(getpid());
}
std::uint64_t Throws(std::uint64_t x) {
  throw std::runtime_error("boom " + std::to_string(x));
}
std::uint64_t Crashes(std::uint64_t) {
  raise(SIGKILL);
  return 0;
}

std::uint64_t Hangs(std::uint64_t) {
  for (;;) pause();
}

// Every pid was reaped: waitpid knows no such child any more.
void ExpectReaped(const std::vector<pid_t>& pids) {
  for (pid_t pid : pids) {
    int status = 0;
    const pid_t got = waitpid(pid, &status, WNOHANG);
    const int err = errno;
    EXPECT_EQ(got, -1) << "pid " << pid;
    EXPECT_EQ(err, ECHILD) << "pid " << pid;
  }
}

class ProcessPoolTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    if (g_runs == nullptr) g_runs = SharedRuns();
  }
  void SetUp() override {
    for (std::size_t i = 0; i < kSlots; ++i) g_runs[i].store(0);
  }
};

TEST_F(ProcessPoolTest, EveryTaskRunsExactlyOnceInAWorker) {
  ProcessPool pool(3);
  std::vector<std::future<std::uint64_t>> results;
  for (std::uint64_t i = 0; i < kSlots; ++i) {
    results.push_back(pool.ApplyAsync(CountedSquare, i));
  }
  for (std::uint64_t i = 0; i < kSlots; ++i) EXPECT_EQ(results[i].get(), i * i);
  pool.Close();
  pool.Join();
  for (std::size_t i = 0; i < kSlots; ++i) ASSERT_EQ(g_runs[i].load(), 1u);
  const std::set<pid_t> workers(pool.pids().begin(), pool.pids().end());
  EXPECT_EQ(workers.size(), 3u);
  EXPECT_EQ(workers.count(getpid()), 0u);
  ExpectReaped(pool.pids());
  for (int status : pool.exit_statuses()) {
    EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0) << status;
  }
}

TEST_F(ProcessPoolTest, TasksRunInWorkerProcesses) {
  ProcessPool pool(2);
  const auto pid = static_cast<pid_t>(pool.Apply(Pid, 0));
  EXPECT_NE(pid, getpid());
  EXPECT_TRUE(pid == pool.pids()[0] || pid == pool.pids()[1]);
}

TEST_F(ProcessPoolTest, CloseThenJoin) {
  ProcessPool pool(2);
  EXPECT_THROW(pool.Join(), PoolStateError);
  auto queued = pool.ApplyAsync(CountedSquare, 3);
  pool.Close();
  EXPECT_THROW(pool.ApplyAsync(CountedSquare, 4), PoolStateError);
  pool.Join();
  EXPECT_EQ(queued.get(), 9u);  // queued before Close(): still ran
  EXPECT_EQ(g_runs[4].load(), 0u);
  ExpectReaped(pool.pids());
  pool.Join();  // idempotent
}

TEST_F(ProcessPoolTest, ExceptionReachesCaller) {
  ProcessPool pool(1);
  auto failing = pool.ApplyAsync(Throws, 7);
  try {
    failing.get();
    FAIL() << "the task's exception was lost";
  } catch (const TaskFailed& e) {
    EXPECT_NE(std::string(e.what()).find("boom 7"), std::string::npos)
        << e.what();
  }
  EXPECT_EQ(pool.Apply(CountedSquare, 5), 25u);  // the worker survives
}

TEST_F(ProcessPoolTest, CallbackSeesEveryResult) {
  std::mutex mu;
  std::multiset<std::uint64_t> seen;
  {
    ProcessPool pool(2);
    for (std::uint64_t i = 0; i < 10; ++i) {
      pool.ApplyAsync(CountedSquare, i, [&](std::uint64_t r) {
        std::lock_guard lock(mu);
        seen.insert(r);
      });
    }
    pool.Close();
    pool.Join();  // callbacks ran before their futures became ready
  }
  std::lock_guard lock(mu);
  EXPECT_EQ(seen,
            (std::multiset<std::uint64_t>{0, 1, 4, 9, 16, 25, 36, 49, 64, 81}));
}

TEST_F(ProcessPoolTest, JoinFromACallbackIsAnError) {
  ProcessPool pool(1);
  std::promise<void> gate;  // holds the callback until the pool is closed
  std::shared_future<void> closed = gate.get_future().share();
  auto f = pool.ApplyAsync(CountedSquare, 2, [&pool, closed](std::uint64_t) {
    closed.wait();
    pool.Join();  // would wait for the thread it runs on
  });
  pool.Close();
  gate.set_value();
  EXPECT_THROW(f.get(), PoolStateError);
  pool.Join();
}

TEST_F(ProcessPoolTest, CrashFailsOnlyItsTaskAndIsReaped) {
  ProcessPool pool(2);
  auto crash = pool.ApplyAsync(Crashes, 0);
  std::vector<std::future<std::uint64_t>> others;
  for (std::uint64_t i = 1; i <= 50; ++i) {
    others.push_back(pool.ApplyAsync(CountedSquare, i));
  }
  try {
    crash.get();
    FAIL() << "a crashed worker's task reported success";
  } catch (const TaskFailed& e) {
    EXPECT_NE(std::string(e.what()).find("signal 9"), std::string::npos)
        << e.what();
  }
  // Tasks queued behind the crash on its worker move to the other one.
  for (std::uint64_t i = 1; i <= 50; ++i) EXPECT_EQ(others[i - 1].get(), i * i);
  for (std::uint64_t i = 1; i <= 50; ++i) EXPECT_EQ(g_runs[i].load(), 1u);
  pool.Close();
  pool.Join();
  ExpectReaped(pool.pids());
  int killed = 0;
  for (int status : pool.exit_statuses()) {
    killed += WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL;
  }
  EXPECT_EQ(killed, 1);
}

TEST_F(ProcessPoolTest, NoWorkersLeftFailsNewTasks) {
  std::vector<pid_t> pids;
  {
    ProcessPool pool(1);
    pids = pool.pids();
    EXPECT_THROW(pool.Apply(Crashes, 0), TaskFailed);
    EXPECT_THROW(pool.Apply(CountedSquare, 1), TaskFailed);
  }  // the destructor closes and joins
  ExpectReaped(pids);
}

TEST_F(ProcessPoolTest, TerminateEndsHangingTasksAndReaps) {
  ProcessPool pool(2);
  std::vector<std::future<std::uint64_t>> hung;
  for (int i = 0; i < 5; ++i) hung.push_back(pool.ApplyAsync(Hangs, 0));
  pool.Terminate();
  for (auto& f : hung) EXPECT_THROW(f.get(), TaskFailed);
  EXPECT_THROW(pool.ApplyAsync(CountedSquare, 1), PoolStateError);
  ExpectReaped(pool.pids());
  for (int status : pool.exit_statuses()) {
    EXPECT_TRUE(WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL) << status;
  }
}

TEST_F(ProcessPoolTest, DestructorReapsWithoutClose) {
  std::vector<pid_t> pids;
  std::future<std::uint64_t> last;
  {
    ProcessPool pool(4);
    pids = pool.pids();
    for (std::uint64_t i = 0; i < 20; ++i)
      last = pool.ApplyAsync(CountedSquare, i);
  }
  EXPECT_EQ(last.get(), 19u * 19u);
  ExpectReaped(pids);
}

TEST_F(ProcessPoolTest, RejectsNoWorkers) {
  EXPECT_THROW(ProcessPool(0), std::invalid_argument);
}

TEST(ProcessPool, EachWorkerCallsTheHookInItsOwnProcess) {
  HookLog log;
  std::vector<pid_t> pids;
  {
    ProcessPool pool(3, log.Hook());
    pids = pool.pids();
    for (int i = 0; i < 6; ++i) pool.Apply(Pid, 0);
    pool.Close();
    pool.Join();  // every worker ran to its end
  }
  EXPECT_EQ(log.Workers(), (std::vector<int>{0, 1, 2}));
  for (const HookLog::Call& c : log.Calls()) {
    EXPECT_EQ(c.workers, 3);
    EXPECT_EQ(c.pid, pids[std::size_t(c.worker)]);
    EXPECT_EQ(c.tid, c.pid);  // its main thread, right after fork
  }
}

}  // namespace
}  // namespace mt::workloads
