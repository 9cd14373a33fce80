// Read-write locks and spin locks: each operation a scheduling point;
// blocking modelled with the real try-operation (wrap_lock.h).
#include <pthread.h>

#include "preload/sched/real.h"
#include "preload/sched/sys.h"
#include "preload/sched/wrap_lock.h"

using namespace mt::sched;

namespace {

// A spin lock is a volatile int: its address as an object identity.
const void* Obj(pthread_spinlock_t* l) { return const_cast<const int*>(l); }
bool OwnsWrite(pthread_rwlock_t* rw) {
  return rw->__data.__cur_writer == GetTid();
}

int RwLock(Slot* s, pthread_rwlock_t* rw, bool write, Deadline dl,
           const timespec* t) {
  return LockLoop(
      s, Wait::kRwlock, rw,
      [&] {
        if (OwnsWrite(rw)) return EDEADLK;
        int rc = write ? Real().pthread_rwlock_trywrlock(rw)
                       : Real().pthread_rwlock_tryrdlock(rw);
        if (rc == EBUSY && dl.set() && !ValidTime(t)) return EINVAL;
        return rc;
      },
      dl);
}

}  // namespace

#define MT_EXPORT __attribute__((visibility("default")))

extern "C" {

MT_EXPORT int pthread_rwlock_rdlock(pthread_rwlock_t* rw) {
  Slot* s = Self();
  if (s == nullptr) return Real().pthread_rwlock_rdlock(rw);
  Point(s, Op::kRdlock, rw);
  if (Unmodelled(s, rw)) return Real().pthread_rwlock_rdlock(rw);
  return RwLock(s, rw, false, {}, nullptr);
}

MT_EXPORT int pthread_rwlock_wrlock(pthread_rwlock_t* rw) {
  Slot* s = Self();
  if (s == nullptr) return Real().pthread_rwlock_wrlock(rw);
  Point(s, Op::kWrlock, rw);
  if (Unmodelled(s, rw)) return Real().pthread_rwlock_wrlock(rw);
  return RwLock(s, rw, true, {}, nullptr);
}

MT_EXPORT int pthread_rwlock_tryrdlock(pthread_rwlock_t* rw) {
  Slot* s = Self();
  if (s != nullptr) Point(s, Op::kTryrdlock, rw);
  return Real().pthread_rwlock_tryrdlock(rw);
}

MT_EXPORT int pthread_rwlock_trywrlock(pthread_rwlock_t* rw) {
  Slot* s = Self();
  if (s != nullptr) Point(s, Op::kTrywrlock, rw);
  return Real().pthread_rwlock_trywrlock(rw);
}

MT_EXPORT int pthread_rwlock_timedrdlock(pthread_rwlock_t* rw,
                                         const timespec* t) {
  Slot* s = Self();
  if (s == nullptr) return Real().pthread_rwlock_timedrdlock(rw, t);
  Point(s, Op::kRdlock, rw);
  if (Unmodelled(s, rw)) return Real().pthread_rwlock_timedrdlock(rw, t);
  return RwLock(s, rw, false,
                ValidTime(t) ? At(CLOCK_REALTIME, t) : Deadline{0}, t);
}

MT_EXPORT int pthread_rwlock_timedwrlock(pthread_rwlock_t* rw,
                                         const timespec* t) {
  Slot* s = Self();
  if (s == nullptr) return Real().pthread_rwlock_timedwrlock(rw, t);
  Point(s, Op::kWrlock, rw);
  if (Unmodelled(s, rw)) return Real().pthread_rwlock_timedwrlock(rw, t);
  return RwLock(s, rw, true, ValidTime(t) ? At(CLOCK_REALTIME, t) : Deadline{0},
                t);
}

MT_EXPORT int pthread_rwlock_clockrdlock(pthread_rwlock_t* rw, clockid_t c,
                                         const timespec* t) {
  Slot* s = Self();
  if (s == nullptr) return Real().pthread_rwlock_clockrdlock(rw, c, t);
  Point(s, Op::kRdlock, rw);
  if (Unmodelled(s, rw)) return Real().pthread_rwlock_clockrdlock(rw, c, t);
  return RwLock(s, rw, false, ValidTime(t) ? At(c, t) : Deadline{0}, t);
}

MT_EXPORT int pthread_rwlock_clockwrlock(pthread_rwlock_t* rw, clockid_t c,
                                         const timespec* t) {
  Slot* s = Self();
  if (s == nullptr) return Real().pthread_rwlock_clockwrlock(rw, c, t);
  Point(s, Op::kWrlock, rw);
  if (Unmodelled(s, rw)) return Real().pthread_rwlock_clockwrlock(rw, c, t);
  return RwLock(s, rw, true, ValidTime(t) ? At(c, t) : Deadline{0}, t);
}

MT_EXPORT int pthread_rwlock_unlock(pthread_rwlock_t* rw) {
  Slot* s = Self();
  if (s != nullptr) Point(s, Op::kRwUnlock, rw);
  int rc = Real().pthread_rwlock_unlock(rw);
  Released(Wait::kRwlock, rw, rc);
  return rc;
}

MT_EXPORT int pthread_spin_lock(pthread_spinlock_t* l) {
  Slot* s = Self();
  if (s == nullptr) return Real().pthread_spin_lock(l);
  Point(s, Op::kSpinLock, Obj(l));
  return LockLoop(s, Wait::kSpin, Obj(l),
                  [&] { return Real().pthread_spin_trylock(l); });
}

MT_EXPORT int pthread_spin_trylock(pthread_spinlock_t* l) {
  Slot* s = Self();
  if (s != nullptr) Point(s, Op::kSpinTrylock, Obj(l));
  return Real().pthread_spin_trylock(l);
}

MT_EXPORT int pthread_spin_unlock(pthread_spinlock_t* l) {
  Slot* s = Self();
  if (s != nullptr) Point(s, Op::kSpinUnlock, Obj(l));
  int rc = Real().pthread_spin_unlock(l);
  Released(Wait::kSpin, Obj(l), rc);
  return rc;
}

}  // extern "C"
