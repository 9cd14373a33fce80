// The real functions the wrappers forward to, found with dlsym(RTLD_NEXT):
// the definition after this library in the lookup order, i.e. libc's (a
// ThreadSanitizer executable calls our wrappers from its interceptors, so
// forwarding there keeps TSan seeing each operation exactly once).
#pragma once

#include <dlfcn.h>
#include <link.h>
#include <pthread.h>
#include <semaphore.h>
#include <signal.h>
#include <time.h>

namespace mt::sched {

// X(name, return type, parameter list)
#define MT_SCHED_REAL_FUNCTIONS(X)                                         \
  X(pthread_create, int,                                                   \
    (pthread_t*, const pthread_attr_t*, void* (*)(void*), void*))          \
  X(pthread_join, int, (pthread_t, void**))                                \
  X(pthread_tryjoin_np, int, (pthread_t, void**))                          \
  X(pthread_timedjoin_np, int, (pthread_t, void**, const timespec*))       \
  X(pthread_detach, int, (pthread_t))                                      \
  X(pthread_exit, void, (void*))                                           \
  X(pthread_mutex_trylock, int, (pthread_mutex_t*))                        \
  X(pthread_mutex_lock, int, (pthread_mutex_t*))                           \
  X(pthread_mutex_unlock, int, (pthread_mutex_t*))                         \
  X(pthread_mutex_timedlock, int, (pthread_mutex_t*, const timespec*))     \
  X(pthread_mutex_clocklock, int,                                          \
    (pthread_mutex_t*, clockid_t, const timespec*))                        \
  X(pthread_rwlock_rdlock, int, (pthread_rwlock_t*))                       \
  X(pthread_rwlock_wrlock, int, (pthread_rwlock_t*))                       \
  X(pthread_rwlock_tryrdlock, int, (pthread_rwlock_t*))                    \
  X(pthread_rwlock_trywrlock, int, (pthread_rwlock_t*))                    \
  X(pthread_rwlock_timedrdlock, int, (pthread_rwlock_t*, const timespec*)) \
  X(pthread_rwlock_timedwrlock, int, (pthread_rwlock_t*, const timespec*)) \
  X(pthread_rwlock_clockrdlock, int,                                       \
    (pthread_rwlock_t*, clockid_t, const timespec*))                       \
  X(pthread_rwlock_clockwrlock, int,                                       \
    (pthread_rwlock_t*, clockid_t, const timespec*))                       \
  X(pthread_rwlock_unlock, int, (pthread_rwlock_t*))                       \
  X(pthread_cond_init, int, (pthread_cond_t*, const pthread_condattr_t*))  \
  X(pthread_cond_destroy, int, (pthread_cond_t*))                          \
  X(pthread_cond_wait, int, (pthread_cond_t*, pthread_mutex_t*))           \
  X(pthread_cond_timedwait, int,                                           \
    (pthread_cond_t*, pthread_mutex_t*, const timespec*))                  \
  X(pthread_cond_clockwait, int,                                           \
    (pthread_cond_t*, pthread_mutex_t*, clockid_t, const timespec*))       \
  X(pthread_cond_signal, int, (pthread_cond_t*))                           \
  X(pthread_cond_broadcast, int, (pthread_cond_t*))                        \
  X(sem_wait, int, (sem_t*))                                               \
  X(sem_trywait, int, (sem_t*))                                            \
  X(sem_timedwait, int, (sem_t*, const timespec*))                         \
  X(sem_clockwait, int, (sem_t*, clockid_t, const timespec*))              \
  X(sem_post, int, (sem_t*))                                               \
  X(pthread_barrier_init, int,                                             \
    (pthread_barrier_t*, const pthread_barrierattr_t*, unsigned))          \
  X(pthread_barrier_destroy, int, (pthread_barrier_t*))                    \
  X(pthread_barrier_wait, int, (pthread_barrier_t*))                       \
  X(pthread_spin_lock, int, (pthread_spinlock_t*))                         \
  X(pthread_spin_trylock, int, (pthread_spinlock_t*))                      \
  X(pthread_spin_unlock, int, (pthread_spinlock_t*))                       \
  X(sched_yield, int, ())                                                  \
  X(nanosleep, int, (const timespec*, timespec*))                          \
  X(clock_nanosleep, int, (clockid_t, int, const timespec*, timespec*))    \
  X(usleep, int, (useconds_t))                                             \
  X(sleep, unsigned, (unsigned))                                           \
  X(syscall, long, (long, long, long, long, long, long, long))             \
  X(clock_gettime, int, (clockid_t, timespec*))                            \
  X(sigaction, int, (int, const struct sigaction*, struct sigaction*))     \
  X(dl_iterate_phdr, int, (int (*)(dl_phdr_info*, size_t, void*), void*))  \
  X(dlopen, void*, (const char*, int))

struct RealFunctions {
#define MT_SCHED_DECLARE(name, ret, params) ret(*name) params;
  MT_SCHED_REAL_FUNCTIONS(MT_SCHED_DECLARE)
#undef MT_SCHED_DECLARE
};

// The table, resolved on first use (a wrapper may run before our
// constructor: TSan's initialisation and other libraries' constructors come
// first).
const RealFunctions& Real();

}  // namespace mt::sched
