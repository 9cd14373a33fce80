// Split compute: the shares add up to exactly the requested work, whatever
// the thread count, and an unreleased gate does not hang the destructor.
#include "workloads/compute/split_compute.h"

#include <gtest/gtest.h>

namespace mt::workloads {
namespace {

TEST(SplitCompute, SharesAddUpToTheWholeWork) {
  constexpr std::uint64_t kSteps = 100003;  // prime: uneven shares
  for (int threads : {1, 3, 64}) {
    SplitCompute split(threads, kSteps);
    split.Release();
    split.Join();
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
