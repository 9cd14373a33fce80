// The blocking wait lasts at least its duration and leaves the CPU idle.
#include "workloads/io/blocking_wait.h"

#include <gtest/gtest.h>
#include <time.h>

namespace mt::workloads {
namespace {

double Seconds(clockid_t clock) {
  timespec t;
  clock_gettime(clock, &t);
  return static_cast<double>(t.tv_sec) + 1e-9 * static_cast<double>(t.tv_nsec);
}

TEST(BlockingWait, LastsAtLeastItsDurationWithoutUsingTheCpu) {
  const double wall0 = Seconds(CLOCK_MONOTONIC);
  const double cpu0 = Seconds(CLOCK_THREAD_CPUTIME_ID);
  BlockingWait(std::chrono::microseconds(20'000));
  const double wall = Seconds(CLOCK_MONOTONIC) - wall0;
  const double cpu = Seconds(CLOCK_THREAD_CPUTIME_ID) - cpu0;
  EXPECT_GE(wall, 0.020);  // guaranteed by clock_nanosleep, not by luck
  // Generous: a spinning wait would use all 20 ms; a sleep uses microseconds.
  EXPECT_LT(cpu, 0.010);
}

}  // namespace
}  // namespace mt::workloads
