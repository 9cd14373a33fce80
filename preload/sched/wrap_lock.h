// The pattern every blocking lock shares: at the thread's turn, try the real
// object; if it is taken, block on it until someone releases it (or the
// deadline passes), then try again at the next turn.
#pragma once

#include <errno.h>
#include <pthread.h>
#include <semaphore.h>
#include <time.h>

#include "preload/sched/core.h"

namespace mt::sched {

inline bool ValidTime(const timespec* t) {
  return t != nullptr && t->tv_nsec >= 0 && t->tv_nsec < 1000000000L;
}

// try_op returns 0 or an error number; EBUSY (or `busy`) means "taken".
template <typename Try>
int LockLoop(Slot* s, Wait w, const void* obj, Try try_op, Deadline dl = {},
             int busy = EBUSY) {
  s->timed_out = false;
  for (;;) {
    int rc = try_op();
    if (rc != busy) return rc;
    if (s->timed_out) return ETIMEDOUT;
    Block(s, w, obj, dl);
  }
}

// Process-shared objects are not modelled: another process may release
// them, unseen by this one's scheduler. A controlled thread waits for them
// outside control (Leave), in the real call, and rejoins at its next point.
// The bits are glibc's: PTHREAD_MUTEX_PSHARED_BIT of __kind, __shared of a
// rwlock, bit 0 of a condition's __wrefs, the futex flag after a semaphore's
// 64-bit value and at offset 12 of a barrier (0 private, 128 shared;
// measured with glibc 2.36).
inline bool Shared(const pthread_mutex_t* m) {
  return (m->__data.__kind & 128) != 0;
}
inline bool Shared(const pthread_rwlock_t* rw) {
  return rw->__data.__shared != 0;
}
inline bool Shared(const pthread_cond_t* c) {
  return (c->__data.__wrefs & 1) != 0;
}
inline bool Shared(const sem_t* sem) {
  return reinterpret_cast<const int*>(sem)[2] != 0;
}
inline bool Shared(const pthread_barrier_t* b) {
  return reinterpret_cast<const int*>(b)[3] != 0;
}

// After the point of a blocking call on a shared object: gives up the turn;
// the caller then makes the real call.
template <typename T>
bool Unmodelled(Slot* s, const T* obj) {
  if (!Shared(obj)) return false;
  Leave(s);
  return true;
}

// After a successful real unlock or post: its waiters may proceed (any
// thread may call it, controlled or not).
inline void Released(Wait w, const void* obj, int rc) {
  if (rc == 0 && g.active.load(std::memory_order_relaxed)) Release(w, obj);
}

inline Deadline At(clockid_t clock, const timespec* t) {
  return Deadline{t->tv_sec * 1000000000LL + t->tv_nsec, clock};
}

}  // namespace mt::sched
