// Split compute: the shares add up to exactly the requested work, whatever
// the thread count, each thread calls the start hook, and an unreleased gate
// does not hang the destructor.
#include "workloads/compute/split_compute.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include "workloads/base/worker_hook_testing.h"

namespace mt::workloads {
namespace {

TEST(SplitCompute, SharesAddUpToTheWholeWork) {
  constexpr std::uint64_t kSteps = 100003;  // prime: uneven shares
  for (int threads : {1, 3, 64}) {
    HookLog log;
    SplitCompute split(threads, kSteps, log.Hook());
    split.Release();
    split.Join();
    // Each thread called the hook on itself, once.
    ASSERT_EQ(log.Calls().size(), std::size_t(threads));
    for (int i = 0; i < threads; ++i) {
      EXPECT_EQ(log.Calls()[std::size_t(i)].worker, i);
      EXPECT_EQ(log.Calls()[std::size_t(i)].workers, threads);
      EXPECT_NE(log.Calls()[std::size_t(i)].tid, getpid());
    }
    EXPECT_EQ(split.Result(), SplitComputeExpected(threads, kSteps))
        << threads << " threads";
    const SwitchCounts s = split.Switches();
    EXPECT_GE(s.voluntary, 0);
    EXPECT_GE(s.involuntary, 0);
  }
}

TEST(SplitCompute, ExpectedDependsOnTheSplit) {
  // Each share is seeded by its size, so a wrong split changes the result.
  EXPECT_NE(SplitComputeExpected(2, 1001), SplitComputeExpected(3, 1001));
}

TEST(SplitCompute, DestructorReleasesAClosedGate) {
  SplitCompute split(8, 1000);  // never released: the destructor must
}

}  // namespace
}  // namespace mt::workloads
