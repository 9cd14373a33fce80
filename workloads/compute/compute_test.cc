// The compute kernel is deterministic and depends on all of its input.
#include "workloads/compute/compute.h"

#include <gtest/gtest.h>

namespace mt::workloads {
namespace {

TEST(ComputeSeries, IsDeterministic) {
  EXPECT_EQ(ComputeSeries(1000, 7), ComputeSeries(1000, 7));
}

TEST(ComputeSeries, DependsOnStepsAndSeed) {
  EXPECT_NE(ComputeSeries(1000, 7), ComputeSeries(1001, 7));
  EXPECT_NE(ComputeSeries(1000, 7), ComputeSeries(1000, 9));
  EXPECT_EQ(ComputeSeries(0, 7), 0u);
}

}  // namespace
}  // namespace mt::workloads
