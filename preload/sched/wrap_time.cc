// sched_yield and sleeps. A sleep is a wait with a deadline: the thread is
// not enabled until its real deadline passed (never early: a program may
// read the clock); meanwhile others run; with nobody else enabled the
// monitor waits the real time. Both lower the thread's PCT priority.
#include <errno.h>
#include <sched.h>
#include <time.h>
#include <unistd.h>

#include "preload/sched/real.h"
#include "preload/sched/sys.h"
#include "preload/sched/wrap_lock.h"

using namespace mt::sched;

namespace {

void SleepUntil(Slot* s, Deadline dl) { Block(s, Wait::kSleep, nullptr, dl); }

int SleepFor(Slot* s, int64_t ns) {
  Point(s, Op::kSleep, nullptr);
  if (ns > 0) SleepUntil(s, Deadline{MonoNs() + ns, CLOCK_MONOTONIC});
  return 0;
}

}  // namespace

#define MT_EXPORT __attribute__((visibility("default")))

extern "C" {

MT_EXPORT int sched_yield() {
  Slot* s = Self();
  if (s == nullptr) return Real().sched_yield();
  Point(s, Op::kYield, nullptr);
  // Threads outside control may be what this thread waits for.
  if (g.outside > 0) Real().sched_yield();
  return 0;
}

MT_EXPORT int nanosleep(const timespec* req, timespec* rem) {
  Slot* s = Self();
  if (s == nullptr) return Real().nanosleep(req, rem);
  if (!ValidTime(req) || req->tv_sec < 0) {
    errno = EINVAL;
    return -1;
  }
  return SleepFor(s, ToNs(*req));
}

MT_EXPORT int usleep(useconds_t us) {
  Slot* s = Self();
  if (s == nullptr) return Real().usleep(us);
  return SleepFor(s, static_cast<int64_t>(us) * 1000);
}

MT_EXPORT unsigned sleep(unsigned seconds) {
  Slot* s = Self();
  if (s == nullptr) return Real().sleep(seconds);
  SleepFor(s, static_cast<int64_t>(seconds) * kNsPerSec);
  return 0;
}

MT_EXPORT int clock_nanosleep(clockid_t clock, int flags, const timespec* req,
                              timespec* rem) {
  Slot* s = Self();
  bool waitable = clock == CLOCK_MONOTONIC || clock == CLOCK_REALTIME ||
                  clock == CLOCK_BOOTTIME || clock == CLOCK_TAI;
  if (s == nullptr || !waitable)
    return Real().clock_nanosleep(clock, flags, req, rem);
  if (!ValidTime(req) || req->tv_sec < 0) return EINVAL;
  Point(s, Op::kSleep, nullptr);
  int64_t at = ToNs(*req);
  if ((flags & TIMER_ABSTIME) == 0) at += ClockNs(clock);
  SleepUntil(s, Deadline{at, clock});
  return 0;
}

}  // extern "C"
