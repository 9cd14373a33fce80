// The pattern every blocking lock shares: at the thread's turn, try the real
// object; if it is taken, block on it until someone releases it (or the
// deadline passes), then try again at the next turn.
#pragma once

#include <errno.h>
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

inline Deadline At(clockid_t clock, const timespec* t) {
  return Deadline{t->tv_sec * 1000000000LL + t->tv_nsec, clock};
}

}  // namespace mt::sched
