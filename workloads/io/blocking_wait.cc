// The blocking wait: an absolute-deadline sleep, so signals cannot shorten
// it and restarts cannot stretch it.
#include "workloads/io/blocking_wait.h"

#include <time.h>

#include <cerrno>

namespace mt::workloads {

void BlockingWait(std::chrono::microseconds duration) {
  timespec deadline;
  clock_gettime(CLOCK_MONOTONIC, &deadline);
  const long long ns = deadline.tv_nsec + duration.count() * 1000LL;
  deadline.tv_sec += static_cast<time_t>(ns / 1'000'000'000);
  deadline.tv_nsec = static_cast<long>(ns % 1'000'000'000);
  while (clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &deadline, nullptr) ==
         EINTR) {
  }
}

}  // namespace mt::workloads
