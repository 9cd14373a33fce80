// A mutex made of a futex semaphore. ThreadSanitizer sees its
// synchronisation (atomics) but not a mutex, so its own lock-order detector
// stays out of tests that build lock-order cycles on purpose. Not
// std::binary_semaphore: libstdc++ 12's can lose a wake-up (see
// workloads/locks/tracked_semaphore.h).
#pragma once

#include "workloads/base/deadline.h"
#include "workloads/locks/futex.h"

namespace mt::workloads {

// Meets Lockable. Blocks in the kernel after one check, like std::mutex.
// Memory ordering: acquire on lock, release on unlock (the semaphore's).
class SemaphoreLock {
 public:
  void lock() { free_.Acquire(Deadline::Never()); }
  bool try_lock() { return free_.TryAcquire(); }
  void unlock() { free_.Release(); }

 private:
  FutexSemaphore free_{1};
};

}  // namespace mt::workloads
