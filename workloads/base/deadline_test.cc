// Deadlines: forever, now and timeouts in the forms poll(2), futexes and
// POSIX message queues take them.
#include "workloads/base/deadline.h"

#include <gtest/gtest.h>

#include <chrono>

namespace mt::workloads {
namespace {

using namespace std::chrono_literals;

TEST(Deadline, NeverWaitsForeverAndNowNotAtAll) {
  EXPECT_TRUE(Deadline::Never().forever());
  EXPECT_FALSE(Deadline::Never().Expired());
  EXPECT_EQ(Deadline::Never().PollMillis(), -1);
  EXPECT_TRUE(Deadline::Now().Expired());
  EXPECT_EQ(Deadline::Now().PollMillis(), 0);
}

TEST(Deadline, PollMillisCountsDownAndCapsAtADay) {
  const int ms = Deadline::In(10s).PollMillis();
  EXPECT_LE(ms, 10'000);
  EXPECT_GT(ms, 9'000);  // a second of slack for a descheduled test
  EXPECT_EQ(Deadline::In(std::chrono::hours(48)).PollMillis(), 86'400'000);
}

TEST(Deadline, TimespecsNameTheSameInstantOnBothClocks) {
  const Deadline d = Deadline::In(10s);
  const timespec mono = d.Monotonic(), wall = d.Realtime();
  timespec mono_now{}, wall_now{};
  clock_gettime(CLOCK_MONOTONIC, &mono_now);
  clock_gettime(CLOCK_REALTIME, &wall_now);
  // Both about 10 s ahead of their clock's now (a second of slack for a
  // descheduled test).
  EXPECT_NEAR(double(mono.tv_sec - mono_now.tv_sec), 10.0, 1.0);
  EXPECT_NEAR(double(wall.tv_sec - wall_now.tv_sec), 10.0, 1.0);
  EXPECT_LT(mono.tv_nsec, 1'000'000'000);
  EXPECT_LT(wall.tv_nsec, 1'000'000'000);
}

}  // namespace
}  // namespace mt::workloads
