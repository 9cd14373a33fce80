// Futex system calls and the futex semaphore.
#include "workloads/locks/futex.h"

#include <errno.h>
#include <linux/futex.h>
#include <sys/syscall.h>
#include <unistd.h>

namespace mt::workloads {
namespace {

std::uint32_t* Word(std::atomic<std::uint32_t>* word) {
  return reinterpret_cast<std::uint32_t*>(word);
}

}  // namespace

bool FutexWait(std::atomic<std::uint32_t>* word, std::uint32_t expected,
               const Deadline& deadline) {
  if (deadline.Expired()) return false;
  // FUTEX_WAIT_BITSET takes an absolute CLOCK_MONOTONIC time, so retries
  // after spurious wake-ups never extend the total wait.
  timespec at = deadline.Monotonic();
  long rc = syscall(SYS_futex, Word(word), FUTEX_WAIT_BITSET, expected,
                    deadline.forever() ? nullptr : &at, nullptr,
                    FUTEX_BITSET_MATCH_ANY);
  return !(rc != 0 && errno == ETIMEDOUT);
}

void FutexWake(std::atomic<std::uint32_t>* word, int waiters) {
  syscall(SYS_futex, Word(word), FUTEX_WAKE, waiters, nullptr, nullptr, 0);
}

bool FutexSemaphore::TryAcquire() {
  std::uint32_t seen = count_.load(std::memory_order_relaxed);
  while (seen > 0) {
    if (count_.compare_exchange_weak(seen, seen - 1, std::memory_order_acquire,
                                     std::memory_order_relaxed)) {
      return true;
    }
  }
  return false;
}

bool FutexSemaphore::Acquire(const Deadline& deadline) {
  for (;;) {
    if (TryAcquire()) return true;
    waiters_.fetch_add(1, std::memory_order_seq_cst);
    // The kernel sleeps only if the count is still 0 when it looks, so a
    // Release() between our check and the sleep is never missed.
    bool in_time = true;
    if (count_.load(std::memory_order_seq_cst) == 0) {
      in_time = FutexWait(&count_, 0, deadline);
    }
    waiters_.fetch_sub(1, std::memory_order_relaxed);
    if (!in_time) return TryAcquire();  // a unit may have come at the end
  }
}

void FutexSemaphore::Release() {
  count_.fetch_add(1, std::memory_order_seq_cst);
  if (waiters_.load(std::memory_order_seq_cst) > 0) FutexWake(&count_, 1);
}

}  // namespace mt::workloads
