// Crash isolation: a worker process dying by SIGSEGV costs the process pool
// one task at most (none with retry) and the master goes on; the same crash
// in a thread kills the pool's whole process, which the parent observes.
#include "workloads/pools/crash_pool.h"

#include <gtest/gtest.h>
#include <signal.h>
#include <unistd.h>

#include <set>

#include "workloads/base/worker_hook_testing.h"

namespace mt::workloads {
namespace {

struct Recorder {
  std::vector<CrashEvent> events;
  CrashRunOptions Options(int workers, CrashPolicy policy) {
    return {.workers = workers,
            .tasks = 16,
            .crash_task = 3,
            .steps = 1000,
            .policy = policy,
            .on_event = [this](CrashEvent e) { events.push_back(e); }};
  }
};

void ExpectResults(const CrashRunOptions& o, const CrashReport& r,
                   int skip = -1) {
  for (int t = 0; t < o.tasks; ++t) {
    EXPECT_EQ(r.results[std::size_t(t)], t == skip ? 0 : ExpectedResult(o, t))
        << "task " << t;
  }
}

const std::vector<CrashEvent> kCrashThenRecovery = {CrashEvent::kCrashObserved,
                                                    CrashEvent::kRecovered};

TEST(ProcessPool, RetriesTheCrashedTaskAndLosesNothing) {
  for (int workers : {1, 3}) {
    Recorder rec;
    const CrashRunOptions o = rec.Options(workers, CrashPolicy::kRetry);
    const CrashReport r = RunProcessPool(o);
    EXPECT_EQ(r.error, "");
    EXPECT_EQ(r.crashes, 1);
    EXPECT_EQ(r.crash_signal, SIGSEGV);
    EXPECT_EQ(r.unfinished_at_crash, 1);
    EXPECT_EQ(r.done, 16);
    EXPECT_EQ(r.failed, 0);
    EXPECT_EQ(r.lost, 0);
    ExpectResults(o, r);
    EXPECT_EQ(rec.events, kCrashThenRecovery);
  }
}

TEST(ProcessPool, ReportsTheCrashedTaskFailed) {
  Recorder rec;
  const CrashRunOptions o = rec.Options(2, CrashPolicy::kReportFailed);
  const CrashReport r = RunProcessPool(o);
  EXPECT_EQ(r.crash_signal, SIGSEGV);
  EXPECT_EQ(r.done, 15);
  EXPECT_EQ(r.failed, 1);
  EXPECT_EQ(r.lost, 0);
  ExpectResults(o, r, /*skip=*/3);
  EXPECT_EQ(rec.events, kCrashThenRecovery);
}

TEST(ProcessPool, WithoutACrashReportsNone) {
  Recorder rec;
  CrashRunOptions o = rec.Options(2, CrashPolicy::kRetry);
  o.crash_task = -1;
  const CrashReport r = RunProcessPool(o);
  EXPECT_EQ(r.crashes, 0);
  EXPECT_EQ(r.done, 16);
  ExpectResults(o, r);
  EXPECT_TRUE(rec.events.empty());
}

TEST(ThreadPool, ACrashingThreadEndsTheWholeProcess) {
  Recorder rec;
  const CrashRunOptions o = rec.Options(3, CrashPolicy::kRetry);
  const CrashReport r = RunThreadPoolInChild(o);
  EXPECT_EQ(r.error, "");
  EXPECT_EQ(r.crashes, 1);  // the pool process, not a thread
  EXPECT_EQ(r.crash_signal, SIGSEGV);
  EXPECT_GE(r.unfinished_at_crash, 1);
  // The parent restarted the pool on what was left.
  EXPECT_EQ(r.done, 16);
  EXPECT_EQ(r.lost, 0);
  ExpectResults(o, r);
  EXPECT_EQ(rec.events, kCrashThenRecovery);
}

// Worker processes, the crashed one's replacement included, and the thread
// pool's threads (in its process, and again in the restarted one) all call
// the hook first.
TEST(CrashPools, EveryWorkerCallsTheHook) {
  Recorder rec;
  HookLog processes, threads;
  CrashRunOptions o = rec.Options(2, CrashPolicy::kRetry);
  o.on_worker_start = processes.Hook();
  EXPECT_EQ(RunProcessPool(o).error, "");
  // The worker that took task 3 crashed and was replaced under its index.
  std::vector<int> seen = processes.Workers();
  ASSERT_EQ(seen.size(), 3u);
  for (const HookLog::Call& c : processes.Calls()) {
    EXPECT_EQ(c.workers, 2);
    EXPECT_NE(c.pid, getpid());
    EXPECT_EQ(c.tid, c.pid);
  }
  o.on_worker_start = threads.Hook();
  EXPECT_EQ(RunThreadPoolInChild(o).error, "");
  std::set<pid_t> pools;
  for (const HookLog::Call& c : threads.Calls()) {
    EXPECT_EQ(c.workers, 2);
    EXPECT_NE(c.tid, c.pid);  // a thread of the pool's process
    pools.insert(c.pid);
  }
  EXPECT_EQ(pools.size(), 2u);  // the crashed pool's process and the restart
}

}  // namespace
}  // namespace mt::workloads
