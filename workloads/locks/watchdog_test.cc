// Watchdog: the wait-for analysis on scripted snapshots; a real AB/BA hang
// in a forked child (the hung threads die with it) reported within the
// bound; a holder that never releases and a lost wake-up reported as stalls.
#include "workloads/locks/watchdog.h"

#include <gtest/gtest.h>
#include <signal.h>

#include <barrier>
#include <latch>
#include <thread>

#include "workloads/base/tsan_build.h"
#include "workloads/deadlock/ab_ba_hang.h"
#include "workloads/locks/semaphore_lock.h"
#include "workloads/locks/watchdog_testing.h"

namespace mt::workloads {
namespace {

using namespace std::chrono_literals;
using tracking::Snapshot;
using tracking::ThreadView;
using tracking::WaitKind;
using Clock = WaitForAnalysis::Clock;

// A snapshot builder: thread `serial` holds `held` and waits (wait_seq
// `seq`, odd) for `wait_for`, or does not wait (seq even).
struct Script {
  Snapshot snap;
  Script& Lock(LockId id, const std::string& name, std::uint64_t owner) {
    snap.locks[id] = {name, owner, false};
    return *this;
  }
  Script& Condition(LockId id, const std::string& name) {
    snap.locks[id] = {name, 0, true};
    return *this;
  }
  Script& Thread(std::uint64_t serial, const std::vector<LockId>& held,
                 std::uint64_t seq, LockId wait_for,
                 WaitKind kind = WaitKind::kLock) {
    ThreadView t;
    t.serial = serial;
    t.name = "T";  // appended, not "T" + ...: GCC 12 warns falsely (-Wrestrict)
    t.name += std::to_string(serial);
    t.wait_seq = seq;
    t.wait_kind = seq % 2 ? kind : WaitKind::kNone;
    t.wait_for = wait_for;
    for (LockId h : held) t.held.push_back({h, {"x.cc", "f", 1}});
    snap.threads.push_back(t);
    return *this;
  }
};

TEST(WaitForAnalysisTest, TwoCycleIsADeadlockOnceSeenInTwoScans) {
  WaitForAnalysis analysis(1000ms);
  Script s;
  s.Lock(1, "mutexA", 1).Lock(2, "mutexB", 2);
  s.Thread(1, {1}, 3, 2).Thread(2, {2}, 5, 1);
  const auto t0 = Clock::now();
  EXPECT_TRUE(analysis.Scan(s.snap, t0).empty());  // might still move
  auto reports = analysis.Scan(s.snap, t0 + 250ms);
  ASSERT_EQ(reports.size(), 1u);
  const WaitReport& r = reports[0];
  EXPECT_EQ(r.kind, WaitReport::Kind::kDeadlock);
  ASSERT_EQ(r.parties.size(), 2u);
  EXPECT_EQ(r.parties[0].thread, "T1");
  EXPECT_EQ(r.parties[0].holds.at(0).first, "mutexA");
  EXPECT_EQ(r.parties[0].waits_for, "mutexB");
  EXPECT_EQ(r.parties[0].held_by, "T2");
  EXPECT_EQ(r.parties[1].waits_for, "mutexA");
  EXPECT_EQ(r.parties[1].held_by, "T1");
  EXPECT_TRUE(analysis.Scan(s.snap, t0 + 500ms).empty());  // reported once
}

TEST(WaitForAnalysisTest, ThreeCycleBehindWhichAFourthWaits) {
  WaitForAnalysis analysis(1000ms);
  Script s;
  s.Lock(1, "L1", 1).Lock(2, "L2", 2).Lock(3, "L3", 3);
  s.Thread(1, {1}, 1, 2).Thread(2, {2}, 1, 3).Thread(3, {3}, 1, 1);
  s.Thread(4, {}, 1, 2);  // waits for L2, not part of the cycle
  const auto t0 = Clock::now();
  analysis.Scan(s.snap, t0);
  auto reports = analysis.Scan(s.snap, t0 + 250ms);
  ASSERT_EQ(reports.size(), 1u);
  ASSERT_EQ(reports[0].parties.size(), 3u);
  EXPECT_EQ(reports[0].parties[0].thread, "T1");
  // Later, T4's long wait is a stall behind the deadlock, not a deadlock.
  reports = analysis.Scan(s.snap, t0 + 1100ms);
  ASSERT_EQ(reports.size(), 1u);
  EXPECT_EQ(reports[0].kind, WaitReport::Kind::kStall);
  EXPECT_EQ(reports[0].parties[0].thread, "T4");
  EXPECT_NE(reports[0].why.find("behind a deadlock"), std::string::npos);
}

TEST(WaitForAnalysisTest, WaitsThatMoveAreNotACycle) {
  WaitForAnalysis analysis(1000ms);
  const auto t0 = Clock::now();
  for (int scan = 0; scan < 6; ++scan) {
    // The same picture, but every scan sees new waits (fresh wait_seq).
    Script s;
    s.Lock(1, "A", 1).Lock(2, "B", 2);
    const std::uint64_t seq = 2 * static_cast<std::uint64_t>(scan) + 1;
    s.Thread(1, {1}, seq, 2).Thread(2, {2}, seq + 100, 1);
    EXPECT_TRUE(analysis.Scan(s.snap, t0 + scan * 250ms).empty());
  }
}

TEST(WaitForAnalysisTest, HolderThatDoesNotWaitIsAStallAfterTheBound) {
  WaitForAnalysis analysis(1000ms);
  Script s;
  s.Lock(1, "L", 2).Thread(1, {}, 7, 1).Thread(2, {1}, 4, 0);
  const auto t0 = Clock::now();
  for (auto at : {0ms, 250ms, 500ms, 750ms}) {
    EXPECT_TRUE(analysis.Scan(s.snap, t0 + at).empty()) << at.count();
  }
  auto reports = analysis.Scan(s.snap, t0 + 1000ms);
  ASSERT_EQ(reports.size(), 1u);
  EXPECT_EQ(reports[0].kind, WaitReport::Kind::kStall);
  EXPECT_GE(reports[0].waited, 1000ms);
  EXPECT_NE(reports[0].why.find("T2 holds L"), std::string::npos)
      << reports[0].why;
  EXPECT_NE(reports[0].ToString().find("not a deadlock"), std::string::npos);
}

TEST(WaitForAnalysisTest, ConditionWaitAndExitedHolderAreStalls) {
  WaitForAnalysis analysis(100ms);
  Script s;
  s.Condition(9, "work ready").Lock(1, "L", 42);  // thread 42 is gone
  s.Thread(1, {}, 1, 9, WaitKind::kCondition).Thread(2, {}, 1, 1);
  const auto t0 = Clock::now();
  analysis.Scan(s.snap, t0);
  auto reports = analysis.Scan(s.snap, t0 + 200ms);
  ASSERT_EQ(reports.size(), 2u);
  EXPECT_NE(reports[0].why.find("lost wake-up"), std::string::npos);
  EXPECT_NE(reports[1].why.find("thread #42 exited"), std::string::npos);
}

// A real AB/BA hang in a forked child: both threads hold their first lock
// (a barrier, not a sleep, so it always hangs), then request the other's.
// The watchdog in abort mode writes its report and ends the child.
template <typename Lock>
void RealHangIsReportedWithinTheBound() {
  constexpr auto kBound = 1000ms;
  std::barrier both_hold(2);  // used in the child (fork copies it)
  const AbBaHang hang = HangAbBaInChild<Lock>(
      [&](int) { both_hold.arrive_and_wait(); }, kBound,
      30s);  // a sanity limit only: the watchdog ends it long before
  const std::string& out = hang.child.output;
  ASSERT_TRUE(hang.child.started) << hang.child.error;
  EXPECT_FALSE(hang.child.killed_at_limit) << out;
  EXPECT_EQ(hang.child.signal, SIGABRT) << out;
  ASSERT_TRUE(hang.reported) << out;
  EXPECT_NE(out.find("deadlock: 2 threads"), std::string::npos) << out;
  EXPECT_NE(out.find("thread 1 holds mutexA"), std::string::npos) << out;
  EXPECT_NE(out.find("waits for mutexB"), std::string::npos) << out;
  EXPECT_NE(out.find("held by thread 2"), std::string::npos) << out;
  EXPECT_NE(out.find("ab_ba.h"), std::string::npos) << out;
  EXPECT_GT(hang.formed_ns, 0);
  EXPECT_LE(std::chrono::nanoseconds(hang.reported_ns - hang.formed_ns), kBound)
      << out;
}

TEST(DeadlockWatchdogTest, RealHangOnSemaphoreLocksIsReportedWithinBound) {
  RealHangIsReportedWithinTheBound<SemaphoreLock>();
}

TEST(DeadlockWatchdogTest, RealHangOnStdMutexIsReportedWithinBound) {
#if MT_TSAN_BUILD
  GTEST_SKIP() << "ThreadSanitizer reports this inversion itself and halts";
#else
  RealHangIsReportedWithinTheBound<std::mutex>();
#endif
}

TEST(DeadlockWatchdogTest, HolderThatNeverReleasesIsAStall) {
  TrackedMutex lock("the lock");
  std::latch held(1), release(1);
  FirstReportWatch watch(OnCycle::kAbort);  // abort: only for deadlocks
  std::thread holder([&] {
    SetTrackedThreadName("holder");
    std::lock_guard hold(lock);
    held.count_down();
    release.wait();  // "never" releases, until the report came
  });
  held.wait();
  std::thread waiter([&] {
    SetTrackedThreadName("waiter");
    std::lock_guard hold(lock);
  });
  const std::optional<WaitReport> report = watch.Wait();
  release.count_down();
  holder.join();
  waiter.join();
  ASSERT_TRUE(report);
  const WaitReport& r = *report;
  EXPECT_EQ(r.kind, WaitReport::Kind::kStall);
  EXPECT_EQ(r.parties.at(0).thread, "waiter");
  EXPECT_NE(r.why.find("holder holds the lock"), std::string::npos) << r.why;
}

TEST(DeadlockWatchdogTest, LostWakeUpIsAStall) {
  TrackedMutex mu("queue lock");
  TrackedCondition ready("queue not empty");
  bool go = false;  // guarded by mu
  FirstReportWatch watch;
  std::thread consumer([&] {
    std::unique_lock lock(mu);
    ready.wait(lock, [&] { return go; });  // nobody notifies: lost wake-up
  });
  const std::optional<WaitReport> report = watch.Wait();
  {
    std::lock_guard hold(mu);
    go = true;
  }
  ready.notify_all();
  consumer.join();
  ExpectStallOnCondition(report, "queue not empty");
}

}  // namespace
}  // namespace mt::workloads
