// std::mutex, std::lock_guard and std::unique_lock with Clang's thread-safety
// annotations (libstdc++'s carry none), so data GUARDED_BY a Mutex is checked
// by the compiler. Inline wrappers: the same code as the std types they hold.
#pragma once

#include <chrono>
#include <condition_variable>
#include <mutex>
#include <utility>

#include "workloads/base/thread_annotations.h"

namespace mt::workloads {

// A std::mutex the analysis knows as a lock. Meets Lockable, so std::
// algorithms (std::scoped_lock, std::lock) still take it, unchecked.
// Thread safety: as std::mutex; unlock() by the holder.
class CAPABILITY("mutex") Mutex {
 public:
  void lock() ACQUIRE() { mu_.lock(); }
  bool try_lock() TRY_ACQUIRE(true) { return mu_.try_lock(); }
  void unlock() RELEASE() { mu_.unlock(); }

 private:
  friend class MutexLock;  // waits on a std::condition_variable need it
  std::mutex mu_;
};

// std::lock_guard over any annotated BasicLockable (Mutex, the spinlocks,
// SemaphoreLock, tracked mutexes): holds it for the scope.
template <typename Lock>
class SCOPED_CAPABILITY LockGuard {
 public:
  explicit LockGuard(Lock& lock) ACQUIRE(lock) : lock_(lock) { lock_.lock(); }
  ~LockGuard() RELEASE() { lock_.unlock(); }
  LockGuard(const LockGuard&) = delete;
  LockGuard& operator=(const LockGuard&) = delete;

 private:
  Lock& lock_;
};
template <typename Lock>
LockGuard(Lock&) -> LockGuard<Lock>;

// std::unique_lock<std::mutex> over a Mutex: holds it for the scope, may let
// it go early (Unlock, e.g. before a notify so the woken thread does not find
// it held) and take it again, and waits on std::condition_variable.
// A wait releases the mutex while it sleeps and holds it again on return; to
// the analysis it stays held, which is what the caller's code sees. Predicates
// that read guarded data say so: [this]() REQUIRES(mu_) { return ready_; }.
class SCOPED_CAPABILITY MutexLock {
 public:
  explicit MutexLock(Mutex& mu) ACQUIRE(mu) : lock_(mu.mu_) {}
  ~MutexLock() RELEASE() {}
  MutexLock(const MutexLock&) = delete;
  MutexLock& operator=(const MutexLock&) = delete;

  void Unlock() RELEASE() { lock_.unlock(); }
  void Lock() ACQUIRE() { lock_.lock(); }

  void Wait(std::condition_variable& cv) { cv.wait(lock_); }
  template <typename Ready>
  void Wait(std::condition_variable& cv, Ready ready) {
    cv.wait(lock_, std::move(ready));
  }
  template <typename Rep, typename Period>
  std::cv_status WaitFor(std::condition_variable& cv,
                         const std::chrono::duration<Rep, Period>& timeout) {
    return cv.wait_for(lock_, timeout);
  }
  template <typename Rep, typename Period, typename Ready>
  bool WaitFor(std::condition_variable& cv,
               const std::chrono::duration<Rep, Period>& timeout, Ready ready) {
    return cv.wait_for(lock_, timeout, std::move(ready));
  }
  template <typename Clock, typename Duration, typename Ready>
  bool WaitUntil(std::condition_variable& cv,
                 const std::chrono::time_point<Clock, Duration>& deadline,
                 Ready ready) {
    return cv.wait_until(lock_, deadline, std::move(ready));
  }

 private:
  std::unique_lock<std::mutex> lock_;
};

}  // namespace mt::workloads
