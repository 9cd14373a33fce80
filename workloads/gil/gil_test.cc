// The GIL emulator: mutual exclusion under every locking policy, the forced
// switch of the interval policy in a scripted schedule, the tick policy's
// release every 100 bytecodes, and the lock released around blocking calls.
#include "workloads/gil/gil.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>
#include <barrier>
#include <chrono>
#include <latch>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "workloads/gil/gil_programs.h"

namespace mt::workloads {
namespace {

using std::chrono::milliseconds;
using std::chrono::steady_clock;

// Records every event as text, e.g. "take 0", "drop 0 forced", "request 1".
// Calls are serialised by the Gil; the mutex is for reading from the test.
class Recorder : public GilObserver {
 public:
  void OnTake(int t) override { Add("take " + std::to_string(t)); }
  void OnDrop(int t, DropReason r) override {
    Add("drop " + std::to_string(t) + " " + std::string(DropReasonName(r)));
  }
  void OnDropRequest(int t) override { Add("request " + std::to_string(t)); }
  std::vector<std::string> events() {
    std::lock_guard<std::mutex> lock(mutex_);
    return events_;
  }

 private:
  void Add(std::string e) {
    std::lock_guard<std::mutex> lock(mutex_);
    events_.push_back(std::move(e));
  }
  std::mutex mutex_;
  std::vector<std::string> events_;
};

TEST(GilPolicy, NamesRoundTrip) {
  for (GilPolicy p : {GilPolicy::kTick, GilPolicy::kInterval, GilPolicy::kNone,
                      GilPolicy::kPerProcess}) {
    EXPECT_EQ(ParseGilPolicy(GilPolicyName(p)), p);
  }
  EXPECT_FALSE(ParseGilPolicy("fair").has_value());
}

// Four threads run bytecodes that count how many threads are inside one at
// once (an atomic owner count) and bump a plain counter, which ThreadSanitizer
// would report if the lock ever let two threads in.
void ExpectOneAtATime(GilPolicy policy) {
  constexpr int kThreads = 4;
  constexpr int kBytecodes = 20'000;  // 200 tick releases per thread
  // 100 us: hundreds of forced switches within the test's run.
  Gil gil(policy, std::chrono::microseconds(100));
  std::atomic<int> inside{0}, most{0};
  long plain = 0;
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      gil.Take(t);
      for (int i = 0; i < kBytecodes; ++i) {
        const int now = inside.fetch_add(1, std::memory_order_relaxed) + 1;
        int seen = most.load(std::memory_order_relaxed);
        while (now > seen && !most.compare_exchange_weak(seen, now)) {
        }
        ++plain;
        ExecuteBytecode(static_cast<std::uint64_t>(i));
        inside.fetch_sub(1, std::memory_order_relaxed);
        gil.Check(t);
      }
      gil.Drop(t);
    });
  }
  for (std::thread& t : threads) t.join();
  EXPECT_EQ(most.load(), 1);
  EXPECT_EQ(plain, long{kThreads} * kBytecodes);
  EXPECT_EQ(gil.holder(), -1);
}

TEST(Gil, TickLetsOneThreadExecuteAtATime) {
  ExpectOneAtATime(GilPolicy::kTick);
}
TEST(Gil, IntervalLetsOneThreadExecuteAtATime) {
  ExpectOneAtATime(GilPolicy::kInterval);
}

// The control: with no lock both threads are inside a bytecode at once (the
// barrier inside would never complete under a real lock).
TEST(Gil, NoneLetsThreadsExecuteTogether) {
  Gil gil(GilPolicy::kNone);
  std::barrier both(2);
  std::atomic<int> inside{0};
  int seen[2] = {0, 0};
  auto run = [&](int t) {
    gil.Take(t);
    inside.fetch_add(1);
    both.arrive_and_wait();  // both are inside, neither has left
    seen[t] = inside.load();
    both.arrive_and_wait();
    inside.fetch_sub(1);
    gil.Check(t);
    gil.Drop(t);
  };
  std::thread a(run, 0), b(run, 1);
  a.join();
  b.join();
  EXPECT_EQ(seen[0], 2);
  EXPECT_EQ(seen[1], 2);
}

TEST(Gil, TickReleasesEveryHundredBytecodes) {
  Recorder recorder;
  Gil gil(GilPolicy::kTick, kDefaultSwitchInterval, &recorder);
  RunBytecodes(gil, 0, std::uint64_t{10} * kTicksPerCheck);
  std::vector<std::string> events = recorder.events();
  ASSERT_EQ(events.size(), 2u * 10 + 2);  // 10 releases, the exit
  EXPECT_EQ(events[1], "drop 0 tick");
  EXPECT_EQ(events.back(), "drop 0 exit");
  EXPECT_EQ(gil.Stats().switches, 1u);  // it never changed hands
}

TEST(Gil, IntervalNeverDropsWithoutAWaiter) {
  Gil gil(GilPolicy::kInterval, std::chrono::microseconds(1));
  RunBytecodes(gil, 0, 100'000);
  const GilStats s = gil.Stats();
  EXPECT_EQ(s.takes, 1u);
  EXPECT_EQ(s.forced_drops, 0u);
}

// Scripted: thread 0 holds the lock and only runs bytecodes; thread 1 asks
// for it. Thread 1 must wait one whole interval, ask for a drop, get the
// lock at thread 0's next check, and thread 0 must not win it back first.
TEST(Gil, IntervalWaiterGetsTheLockAfterOneInterval) {
  const auto interval = milliseconds(20);
  // A sanity limit only: far above any scheduling delay on a loaded machine.
  const auto slack = milliseconds(2000);
  Recorder recorder;
  Gil gil(GilPolicy::kInterval, interval, &recorder);
  std::latch holding(1);
  std::atomic<bool> waiter_ran{false};
  steady_clock::duration waited{};
  std::thread waiter([&] {
    holding.wait();
    const auto asked = steady_clock::now();
    gil.Take(1);
    waited = steady_clock::now() - asked;
    waiter_ran.store(true, std::memory_order_relaxed);
    gil.Drop(1);
  });
  gil.Take(0);
  holding.count_down();
  bool switched = false;
  const auto give_up = steady_clock::now() + interval + slack;
  for (std::uint64_t i = 1; !switched && steady_clock::now() < give_up; ++i) {
    ExecuteBytecode(i);
    switched = gil.Check(0);
  }
  // Read while holding the lock again: the waiter held it in between.
  const bool waiter_held_it = waiter_ran.load(std::memory_order_relaxed);
  gil.Drop(0);
  waiter.join();
  ASSERT_TRUE(switched) << "no forced switch within the interval + slack";
  EXPECT_TRUE(waiter_held_it);
  EXPECT_GE(waited, interval);
  EXPECT_LT(waited, interval + slack);
  const GilStats s = gil.Stats();
  EXPECT_EQ(s.forced_drops, 1u);
  // One request per interval the holder let pass: more than one only when
  // the scheduler kept thread 0 off its CPU that long (a loaded machine).
  EXPECT_GE(s.drop_requests, 1u);
  std::vector<std::string> events = recorder.events();
  events.erase(std::unique(events.begin(), events.end()), events.end());
  EXPECT_EQ(events, (std::vector<std::string>{
                        "take 0", "request 1", "drop 0 forced", "take 1",
                        "drop 1 exit", "take 0", "drop 0 exit"}));
}

// A blocking call runs without the lock: another thread takes and drops it
// during the call, and the caller holds it again afterwards.
TEST(Gil, BlockingCallReleasesTheLock) {
  for (GilPolicy policy : {GilPolicy::kTick, GilPolicy::kInterval}) {
    Gil gil(policy);
    gil.Take(0);
    bool other_took = false;
    gil.Blocking(0, [&] {
      ASSERT_EQ(gil.holder(), -1);
      std::thread other([&] {
        gil.Take(1);
        other_took = gil.holder() == 1;
        gil.Drop(1);
      });
      other.join();
    });
    EXPECT_TRUE(other_took);
    EXPECT_EQ(gil.holder(), 0);
    gil.Drop(0);
    EXPECT_EQ(gil.Stats().switches, 3u);  // 0, then 1, then 0 again
  }
}

}  // namespace
}  // namespace mt::workloads
