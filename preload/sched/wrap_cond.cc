// Condition variables, emulated inside the scheduler: a waiter releases the
// mutex and blocks on the condition at once (no real wait, so no wake-up can
// be lost to timing); a signal enables one waiter the strategy picks, a
// broadcast all; a woken waiter re-acquires the mutex at a scheduling point.
// These six are exported at GLIBC_2.3.2 (mtsched.map): TSan looks them up
// with dlvsym(RTLD_NEXT, name, "GLIBC_2.3.2").
#include <pthread.h>

#include "preload/sched/real.h"
#include "preload/sched/wrap_lock.h"

using namespace mt::sched;

namespace {

// The clock a condition's timed wait measures (pthread_condattr_setclock):
// bit 1 of glibc's __wrefs.
clockid_t CondClock(const pthread_cond_t* c) {
  return (c->__data.__wrefs & 2) != 0 ? CLOCK_MONOTONIC : CLOCK_REALTIME;
}

int CondWait(Slot* s, pthread_cond_t* c, pthread_mutex_t* m, Deadline dl) {
  int rc = Real().pthread_mutex_unlock(m);
  if (rc != 0) return rc;  // not the owner: EPERM, as the real wait says
  Release(Wait::kMutex, m);
  Block(s, Wait::kCond, c, dl);
  bool timed_out = !s->signalled;
  // Re-acquire at its turns like a lock (EOWNERDEAD passes through).
  rc = LockLoop(s, Wait::kMutex, m,
                [&] { return Real().pthread_mutex_trylock(m); });
  if (rc != 0) return rc;
  return timed_out ? ETIMEDOUT : 0;
}

}  // namespace

#define MT_EXPORT __attribute__((visibility("default")))

extern "C" {

MT_EXPORT int pthread_cond_init(pthread_cond_t* c,
                                const pthread_condattr_t* a) {
  if (Slot* s = Self()) Point(s, Op::kCondInit, c);
  return Real().pthread_cond_init(c, a);
}

MT_EXPORT int pthread_cond_destroy(pthread_cond_t* c) {
  if (Slot* s = Self()) Point(s, Op::kCondDestroy, c);
  return Real().pthread_cond_destroy(c);
}

MT_EXPORT int pthread_cond_wait(pthread_cond_t* c, pthread_mutex_t* m) {
  Slot* s = Self();
  if (s == nullptr) return Real().pthread_cond_wait(c, m);
  Point(s, Op::kCondWait, c);
  if (Unmodelled(s, c)) return Real().pthread_cond_wait(c, m);
  return CondWait(s, c, m, {});
}

MT_EXPORT int pthread_cond_timedwait(pthread_cond_t* c, pthread_mutex_t* m,
                                     const timespec* t) {
  Slot* s = Self();
  if (s == nullptr) return Real().pthread_cond_timedwait(c, m, t);
  Point(s, Op::kCondTimedwait, c);
  if (Unmodelled(s, c)) return Real().pthread_cond_timedwait(c, m, t);
  if (!ValidTime(t)) return EINVAL;
  return CondWait(s, c, m, At(CondClock(c), t));
}

MT_EXPORT int pthread_cond_clockwait(pthread_cond_t* c, pthread_mutex_t* m,
                                     clockid_t clock, const timespec* t) {
  Slot* s = Self();
  if (s == nullptr) return Real().pthread_cond_clockwait(c, m, clock, t);
  Point(s, Op::kCondTimedwait, c);
  if (Unmodelled(s, c)) return Real().pthread_cond_clockwait(c, m, clock, t);
  if (!ValidTime(t) || (clock != CLOCK_MONOTONIC && clock != CLOCK_REALTIME)) {
    return EINVAL;
  }
  return CondWait(s, c, m, At(clock, t));
}

MT_EXPORT int pthread_cond_signal(pthread_cond_t* c) {
  Slot* s = Self();
  if (s != nullptr) Point(s, Op::kCondSignal, c);
  if (g.active.load(std::memory_order_relaxed)) {
    Release(Wait::kCond, c, /*choose=*/true, /*max=*/1);
  }
  // Threads outside the scheduler wait on the real condition.
  return Real().pthread_cond_signal(c);
}

MT_EXPORT int pthread_cond_broadcast(pthread_cond_t* c) {
  Slot* s = Self();
  if (s != nullptr) Point(s, Op::kCondBroadcast, c);
  if (g.active.load(std::memory_order_relaxed)) {
    Release(Wait::kCond, c, /*choose=*/true, kMaxThreads);
  }
  return Real().pthread_cond_broadcast(c);
}

}  // extern "C"
