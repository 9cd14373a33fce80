// Interval timing on a scripted clock: warm-up dropped, median per operation,
// sparse clock reads once the operation's rate is known.
#include "harness/op_intervals.h"

#include <gtest/gtest.h>

namespace mt::harness {
namespace {

// A fake clock: every read advances it by `step` ns, so the time an interval
// takes depends only on how many reads it made.
std::int64_t g_now = 0, g_step = 0;
int g_reads = 0;
std::int64_t FakeNow() {
  ++g_reads;
  return g_now += g_step;
}

TEST(OpIntervals, DropsWarmUpAndReportsPerOperationTime) {
  g_now = 0, g_step = 1000, g_reads = 0;
  OpIntervals t(5000, FakeNow);  // 5 µs intervals, 1 µs per clock read
  for (int i = 0; i < 100; ++i) t.Tick();
  std::vector<double> v = t.PerOpNs();
  ASSERT_FALSE(v.empty());
  // Warm-up: 5 ops with a clock read each (1 µs per op); then the stride
  // grows to max(1, 5 / 64) = 1, so every later interval is also 1 µs/op.
  for (double ns : v) EXPECT_DOUBLE_EQ(ns, 1000);
}

TEST(OpIntervals, ReadsTheClockRarelyForFastOperations) {
  g_now = 0, g_step = 1, g_reads = 0;
  OpIntervals t(1000, FakeNow);  // warm-up closes after 1000 reads
  for (int i = 0; i < 1000 * 64 * 4; ++i) t.Tick();
  // After warm-up (1000 ops) the stride is 1000 / 64 = 15: the remaining
  // ~255,000 ticks read the clock about 17,000 times, not 255,000.
  EXPECT_LT(g_reads, 1000 + 255000 / 15 + 10);
  EXPECT_FALSE(t.PerOpNs().empty());
}

TEST(OpIntervals, FallsBackToWarmUpWhenNothingElseCompleted) {
  g_now = 0, g_step = 10'000, g_reads = 0;
  OpIntervals t(5000, FakeNow);  // every op completes an interval
  t.Tick();
  ASSERT_EQ(t.PerOpNs().size(), 1u);
  EXPECT_DOUBLE_EQ(t.PerOpNs()[0], 10'000);
}

}  // namespace
}  // namespace mt::harness
