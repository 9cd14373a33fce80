// Futex waits and wake-ups on 32-bit atomics, and a counting semaphore built
// on them. Shared (not FUTEX_PRIVATE) futexes, so they work between processes
// that map the same memory (MAP_SHARED, inherited across fork) as well as
// between threads.
#pragma once

#include <atomic>
#include <cstdint>

#include "workloads/base/deadline.h"

namespace mt::workloads {

// A futex word must be a plain 32-bit integer in memory; the kernel reads it
// by address, from any process that maps it.
static_assert(sizeof(std::atomic<std::uint32_t>) == sizeof(std::uint32_t));
static_assert(std::atomic<std::uint32_t>::is_always_lock_free);

// Sleeps while `*word == expected`, until woken or `deadline`. Returns false
// when the deadline passed; true otherwise (woken, value already changed, or
// interrupted: callers re-check their condition in a loop).
bool FutexWait(std::atomic<std::uint32_t>* word, std::uint32_t expected,
               const Deadline& deadline);
// Wakes up to `waiters` sleepers on `word`.
void FutexWake(std::atomic<std::uint32_t>* word, int waiters);

// A counting semaphore whose waiters sleep in the kernel. Place it in shared
// memory to count between processes (e.g. free slots of a queue); with an
// initial count of 1 it is a lock with a time-out.
// Thread safety: every method from any thread of any process mapping it.
// Memory ordering: Release() happens-before the Acquire() that takes its unit
// (release/acquire on the count), so data written before Release() is seen.
class FutexSemaphore {
 public:
  explicit FutexSemaphore(std::uint32_t initial) : count_(initial) {}
  FutexSemaphore(const FutexSemaphore&) = delete;
  FutexSemaphore& operator=(const FutexSemaphore&) = delete;

  // Takes one unit, waiting until `deadline`; false if none came by then.
  bool Acquire(const Deadline& deadline);
  bool TryAcquire();
  void Release();
  // A snapshot: may change as soon as it is read.
  std::uint32_t Value() const { return count_.load(std::memory_order_relaxed); }

 private:
  std::atomic<std::uint32_t> count_;
  // Sleepers (or about to sleep): Release() skips the wake-up system call
  // when there are none. seq_cst with count_ so that a poster either sees
  // the waiter or the waiter sees the posted unit (Dekker's pattern).
  std::atomic<std::uint32_t> waiters_{0};
};

}  // namespace mt::workloads
