// A mutex made of a futex semaphore. ThreadSanitizer sees its
// synchronisation (atomics) but not a mutex, so its own lock-order detector
// stays out of tests that build lock-order cycles on purpose. Not
// std::binary_semaphore: libstdc++ 12's can lose a wake-up (see
// workloads/locks/tracked_semaphore.h).
#pragma once

#include "workloads/base/deadline.h"
#include "workloads/base/thread_annotations.h"
#include "workloads/locks/futex.h"

namespace mt::workloads {

// Meets Lockable. Blocks in the kernel after one check, like std::mutex.
// Thread safety: lock()/unlock() from any thread; unlock by the holder.
// Memory ordering: acquire on lock, release on unlock (the semaphore's).
class CAPABILITY("mutex") SemaphoreLock {
 public:
  void lock() ACQUIRE() { free_.Acquire(Deadline::Never()); }
  bool try_lock() TRY_ACQUIRE(true) { return free_.TryAcquire(); }
  void unlock() RELEASE() { free_.Release(); }

 private:
  FutexSemaphore free_{1};
};

}  // namespace mt::workloads
