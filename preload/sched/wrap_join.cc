// Joining and detaching controlled threads: a join blocks until the
// target's start routine returned, then waits for the rest of its exit in the
// real pthread_join.
#include <errno.h>
#include <pthread.h>

#include "preload/sched/core.h"
#include "preload/sched/real.h"
#include "preload/sched/sys.h"

namespace mt::sched {
namespace {

Slot* FindThread(pthread_t th) {
  for (int i = 0; i < g.slots_used; ++i) {
    State st = g_slots[i].state.load(std::memory_order_relaxed);
    if (st != State::kFree && g_slots[i].pthread == static_cast<uint64_t>(th)) {
      return &g_slots[i];
    }
  }
  return nullptr;
}

Slot* FindThreadLocked(pthread_t th) {
  InSched in;
  Guard lock(g.lock);
  return FindThread(th);
}

void Forget(Slot* t) {
  InSched in;
  Guard lock(g.lock);
  Exited(t->tid);  // the real join returned: it is gone
  FreeSlot(*t);
}

}  // namespace
}  // namespace mt::sched

using namespace mt::sched;

extern "C" {

__attribute__((visibility("default"))) int pthread_join(pthread_t th,
                                                        void** ret) {
  Slot* s = Self();
  if (s == nullptr) return Real().pthread_join(th, ret);
  Slot* t = FindThreadLocked(th);
  Point(s, Op::kJoin, reinterpret_cast<void*>(th));
  if (t == nullptr || t == s) {
    // Not a thread we control: a real wait, outside control.
    if (t == nullptr) Leave(s);
    return Real().pthread_join(th, ret);
  }
  while (t->state.load(std::memory_order_acquire) != State::kFinished) {
    Block(s, Wait::kJoin, reinterpret_cast<void*>(th));
  }
  // Its start routine returned; the rest of its exit (TLS destructors, TSan's
  // bookkeeping) is short and runs outside control.
  s->brief_wait.store(true);
  int rc = Real().pthread_join(th, ret);
  s->brief_wait.store(false);
  if (rc == 0) Forget(t);
  return rc;
}

__attribute__((visibility("default"))) int pthread_tryjoin_np(pthread_t th,
                                                              void** ret) {
  Slot* s = Self();
  if (s == nullptr) return Real().pthread_tryjoin_np(th, ret);
  Slot* t = FindThreadLocked(th);
  Point(s, Op::kJoin, reinterpret_cast<void*>(th));
  if (t == nullptr) return Real().pthread_tryjoin_np(th, ret);
  if (t->state.load(std::memory_order_acquire) != State::kFinished)
    return EBUSY;
  s->brief_wait.store(true);
  int rc = Real().pthread_join(th, ret);
  s->brief_wait.store(false);
  if (rc == 0) Forget(t);
  return rc;
}

__attribute__((visibility("default"))) int pthread_timedjoin_np(
    pthread_t th, void** ret, const timespec* abstime) {
  Slot* s = Self();
  if (s == nullptr || abstime == nullptr)
    return Real().pthread_timedjoin_np(th, ret, abstime);
  Slot* t = FindThreadLocked(th);
  Point(s, Op::kJoin, reinterpret_cast<void*>(th));
  if (t == nullptr) {
    Leave(s);
    return Real().pthread_timedjoin_np(th, ret, abstime);
  }
  while (t->state.load(std::memory_order_acquire) != State::kFinished) {
    Block(s, Wait::kJoin, reinterpret_cast<void*>(th),
          Deadline{ToNs(*abstime), CLOCK_REALTIME});
    if (s->timed_out && t->state.load() != State::kFinished) return ETIMEDOUT;
  }
  s->brief_wait.store(true);
  int rc = Real().pthread_join(th, ret);
  s->brief_wait.store(false);
  if (rc == 0) Forget(t);
  return rc;
}

__attribute__((visibility("default"))) int pthread_detach(pthread_t th) {
  Slot* s = Self();
  if (g.active.load(std::memory_order_relaxed)) {
    Slot* t = FindThreadLocked(th);
    if (s != nullptr) Point(s, Op::kDetach, reinterpret_cast<void*>(th));
    InSched in;
    Guard lock(g.lock);
    if (t != nullptr && FindThread(th) == t) {
      t->detached = true;
      if (t->state.load() == State::kFinished) FreeSlot(*t);
    }
  }
  return Real().pthread_detach(th);
}

}  // extern "C"
