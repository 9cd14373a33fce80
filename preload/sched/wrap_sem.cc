// Semaphores (modelled with sem_trywait) and barriers (emulated: the
// scheduler counts arrivals, so no thread ever waits in the real barrier).
#include <errno.h>
#include <pthread.h>
#include <semaphore.h>

#include "preload/sched/real.h"
#include "preload/sched/wrap_lock.h"

using namespace mt::sched;

namespace {

int TryWait(sem_t* sem) { return Real().sem_trywait(sem) == 0 ? 0 : errno; }

int SemWait(Slot* s, sem_t* sem, Deadline dl, const timespec* t) {
  int rc = LockLoop(
      s, Wait::kSem, sem,
      [&] {
        int r = TryWait(sem);
        if (r == EAGAIN && dl.set() && !ValidTime(t)) return EINVAL;
        return r;
      },
      dl, EAGAIN);
  if (rc == 0) return 0;
  errno = rc;
  return -1;
}

// Barriers by address, with the count given to pthread_barrier_init; under
// g.lock. 256 barriers alive at once; beyond that a barrier runs real.
struct Barrier {
  const void* address;
  unsigned count, arrived;
  uint32_t generation;
};
constexpr int kMaxBarriers = 256;
Barrier barriers[kMaxBarriers];

Barrier* FindBarrier(const void* b) {
  for (Barrier& e : barriers) {
    if (e.address == b) return &e;
  }
  return nullptr;
}

}  // namespace

#define MT_EXPORT __attribute__((visibility("default")))

extern "C" {

MT_EXPORT int sem_wait(sem_t* sem) {
  Slot* s = Self();
  if (s == nullptr) return Real().sem_wait(sem);
  Point(s, Op::kSemWait, sem);
  if (Unmodelled(s, sem)) return Real().sem_wait(sem);
  return SemWait(s, sem, {}, nullptr);
}

MT_EXPORT int sem_timedwait(sem_t* sem, const timespec* t) {
  Slot* s = Self();
  if (s == nullptr) return Real().sem_timedwait(sem, t);
  Point(s, Op::kSemTimedwait, sem);
  if (Unmodelled(s, sem)) return Real().sem_timedwait(sem, t);
  return SemWait(s, sem, ValidTime(t) ? At(CLOCK_REALTIME, t) : Deadline{0}, t);
}

MT_EXPORT int sem_clockwait(sem_t* sem, clockid_t clock, const timespec* t) {
  Slot* s = Self();
  if (s == nullptr) return Real().sem_clockwait(sem, clock, t);
  Point(s, Op::kSemTimedwait, sem);
  if (Unmodelled(s, sem)) return Real().sem_clockwait(sem, clock, t);
  return SemWait(s, sem, ValidTime(t) ? At(clock, t) : Deadline{0}, t);
}

MT_EXPORT int sem_trywait(sem_t* sem) {
  Slot* s = Self();
  if (s != nullptr) Point(s, Op::kSemTrywait, sem);
  return Real().sem_trywait(sem);
}

MT_EXPORT int sem_post(sem_t* sem) {
  Slot* s = Self();
  if (s != nullptr) Point(s, Op::kSemPost, sem);
  int rc = Real().sem_post(sem);
  if (rc == 0 && g.active.load(std::memory_order_relaxed))
    Release(Wait::kSem, sem);
  return rc;
}

MT_EXPORT int pthread_barrier_init(pthread_barrier_t* b,
                                   const pthread_barrierattr_t* a,
                                   unsigned count) {
  int rc = Real().pthread_barrier_init(b, a, count);
  if (rc != 0 || !g.active.load(std::memory_order_relaxed)) return rc;
  InSched in;
  Guard lock(g.lock);
  Barrier* e = FindBarrier(b);
  if (e == nullptr) e = FindBarrier(nullptr);
  if (e != nullptr) *e = Barrier{b, count, 0, 0};
  return rc;
}

MT_EXPORT int pthread_barrier_destroy(pthread_barrier_t* b) {
  if (g.active.load(std::memory_order_relaxed)) {
    InSched in;
    Guard lock(g.lock);
    if (Barrier* e = FindBarrier(b)) e->address = nullptr;
  }
  return Real().pthread_barrier_destroy(b);
}

MT_EXPORT int pthread_barrier_wait(pthread_barrier_t* b) {
  Slot* s = Self();
  if (s == nullptr) return Real().pthread_barrier_wait(b);
  Point(s, Op::kBarrierWait, b);
  if (Unmodelled(s, b)) return Real().pthread_barrier_wait(b);
  uint32_t generation;
  {
    InSched in;
    Guard lock(g.lock);
    Barrier* e = FindBarrier(b);
    if (e == nullptr) {
      lock.Unlock();
      Leave(s);  // not initialised under us: the real barrier, uncontrolled
      return Real().pthread_barrier_wait(b);
    }
    if (++e->arrived == e->count) {
      e->arrived = 0;
      ++e->generation;
      lock.Unlock();
      Release(Wait::kBarrier, b);
      return PTHREAD_BARRIER_SERIAL_THREAD;
    }
    generation = e->generation;
  }
  for (;;) {
    Block(s, Wait::kBarrier, b, {}, ~0u, generation);
    InSched in;
    Guard lock(g.lock);
    Barrier* e = FindBarrier(b);
    if (e == nullptr || e->generation != generation) return 0;
  }
}

}  // extern "C"
