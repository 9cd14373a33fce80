// Mutexes: each operation a scheduling point; blocking modelled with the
// real try-operation (wrap_lock.h). Read-write and spin locks: wrap_rwlock.cc.
#include <pthread.h>

#include "preload/sched/real.h"
#include "preload/sched/sys.h"
#include "preload/sched/wrap_lock.h"

using namespace mt::sched;

namespace {

// glibc's mutex type bits (PTHREAD_MUTEX_KIND_MASK_NP) and owner tid: a
// thread relocking an error-checking mutex it holds gets EDEADLK, as the
// real lock would answer; a normal mutex relocked hangs, as really.
int SelfRelock(pthread_mutex_t* m) {
  return (m->__data.__kind & 3) == PTHREAD_MUTEX_ERRORCHECK &&
         m->__data.__owner == GetTid();
}

int MutexLock(Slot* s, pthread_mutex_t* m, Deadline dl, const timespec* t) {
  return LockLoop(
      s, Wait::kMutex, m,
      [&] {
        int rc = Real().pthread_mutex_trylock(m);
        if (rc == EBUSY && SelfRelock(m)) return EDEADLK;
        if (rc == EBUSY && dl.set() && !ValidTime(t)) return EINVAL;
        return rc;
      },
      dl);
}

}  // namespace

#define MT_EXPORT __attribute__((visibility("default")))

extern "C" {

MT_EXPORT int pthread_mutex_lock(pthread_mutex_t* m) {
  Slot* s = Self();
  if (s == nullptr) return Real().pthread_mutex_lock(m);
  Point(s, Op::kLock, m);
  if (Unmodelled(s, m)) return Real().pthread_mutex_lock(m);
  return MutexLock(s, m, {}, nullptr);
}

MT_EXPORT int pthread_mutex_trylock(pthread_mutex_t* m) {
  Slot* s = Self();
  if (s != nullptr) Point(s, Op::kTrylock, m);
  return Real().pthread_mutex_trylock(m);
}

MT_EXPORT int pthread_mutex_timedlock(pthread_mutex_t* m, const timespec* t) {
  Slot* s = Self();
  if (s == nullptr) return Real().pthread_mutex_timedlock(m, t);
  Point(s, Op::kTimedlock, m);
  if (Unmodelled(s, m)) return Real().pthread_mutex_timedlock(m, t);
  return MutexLock(s, m, ValidTime(t) ? At(CLOCK_REALTIME, t) : Deadline{0}, t);
}

MT_EXPORT int pthread_mutex_clocklock(pthread_mutex_t* m, clockid_t c,
                                      const timespec* t) {
  Slot* s = Self();
  if (s == nullptr) return Real().pthread_mutex_clocklock(m, c, t);
  Point(s, Op::kTimedlock, m);
  if (Unmodelled(s, m)) return Real().pthread_mutex_clocklock(m, c, t);
  return MutexLock(s, m, ValidTime(t) ? At(c, t) : Deadline{0}, t);
}

MT_EXPORT int pthread_mutex_unlock(pthread_mutex_t* m) {
  Slot* s = Self();
  if (s != nullptr) Point(s, Op::kUnlock, m);
  int rc = Real().pthread_mutex_unlock(m);
  Released(Wait::kMutex, m, rc);
  return rc;
}

}  // extern "C"
