// A mutex made of std::binary_semaphore. ThreadSanitizer sees its
// synchronisation (atomics, futex) but not a mutex, so its own lock-order
// detector stays out of tests that build lock-order cycles on purpose.
#pragma once

#include <semaphore>

namespace mt::workloads {

// Meets Lockable. Blocks in the kernel (no spinning), like std::mutex.
// Memory ordering: acquire on lock, release on unlock (the semaphore's).
class SemaphoreLock {
 public:
  void lock() { free_.acquire(); }
  bool try_lock() { return free_.try_acquire(); }
  void unlock() { free_.release(); }

 private:
  std::binary_semaphore free_{1};
};

}  // namespace mt::workloads
