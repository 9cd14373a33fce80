// The AB/BA pair: in either order and schedule that cannot hang, both
// threads take and release both locks, each calling the start hook on itself
// first.
#include "workloads/deadlock/ab_ba.h"

#include <gtest/gtest.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <mutex>
#include <utility>
#include <vector>

#include "workloads/base/tsan_build.h"
#include "workloads/base/worker_hook_testing.h"

namespace mt::workloads {
namespace {

TEST(RunAbBa, BothThreadsCallTheHookThenLockBoth) {
  std::vector<std::pair<AbBaOrder, AbBaSchedule>> cases = {
      {AbBaOrder::kConsistent, AbBaSchedule::kTogether}};
  // Opposite orders are the lock-order inversion TSan reports (rightly),
  // even one after the other: only the release build runs them.
  if (!kTsanBuild)
    cases.push_back({AbBaOrder::kOpposite, AbBaSchedule::kOneAfterTheOther});
  for (auto [order, schedule] : cases) {
    HookLog log;
    std::mutex a, b;
    int paused = 0;  // each pause runs holding a lock both threads take
    RunAbBa(
        a, b, order, schedule, [&](int) { ++paused; }, log.Hook());
    EXPECT_EQ(paused, 2);
    EXPECT_EQ(log.Workers(), (std::vector<int>{0, 1}));
    for (const HookLog::Call& c : log.Calls()) {
      EXPECT_EQ(c.workers, 2);
      EXPECT_NE(c.tid, static_cast<pid_t>(syscall(SYS_gettid)));
    }
    // Both locks are free again.
    EXPECT_TRUE(a.try_lock());
    EXPECT_TRUE(b.try_lock());
    a.unlock();
    b.unlock();
  }
}

}  // namespace
}  // namespace mt::workloads
