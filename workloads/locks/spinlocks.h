// Spinlocks to compare against std::mutex: test-and-set, test-and-test-and-set
// with a pause, and a FIFO ticket lock. Each meets BasicLockable.
#pragma once

#include <sched.h>

#include <atomic>
#include <cstdint>

#include "workloads/base/cache_line.h"
#include "workloads/base/thread_annotations.h"
#include "workloads/locks/perturb.h"

namespace mt::workloads {

// Tells the core we are spinning (frees pipeline resources for a hyperthread
// sibling and avoids a memory-order mis-speculation when the line changes).
inline void CpuRelax() {
#if defined(__x86_64__) || defined(__i386__)
  __builtin_ia32_pause();
#elif defined(__aarch64__)
  asm volatile("yield" ::: "memory");
#endif
}

// Spins with pauses, then yields the CPU: in user space a waiter spinning on
// the PU of a preempted holder (or, for the ticket lock, of the next in line)
// would otherwise burn its whole time slice. 1024 pauses is ~10-40 us, well
// above an uncontended hand-off and below a scheduler tick.
class SpinWait {
 public:
  void Once() {
    if (++spins_ < kSpinsBeforeYield) {
      CpuRelax();
    } else {
      spins_ = 0;
      sched_yield();
    }
  }

 private:
  static constexpr int kSpinsBeforeYield = 1024;
  int spins_ = 0;
};

// The naive baseline: no pause, no yield.
// Thread safety: lock()/unlock() from any thread; unlock by the holder.
// Memory ordering: acquire on lock, release on unlock.
class CAPABILITY("mutex") alignas(kCacheLine) TasLock {
 public:
  void lock() ACQUIRE() {
    Perturb();
    // Every attempt is a write, so waiters bounce the line between cores.
    while (locked_.exchange(true, std::memory_order_acquire)) {
    }
  }
  bool try_lock() TRY_ACQUIRE(true) {
    Perturb();
    return !locked_.exchange(true, std::memory_order_acquire);
  }
  void unlock() RELEASE() {
    locked_.store(false, std::memory_order_release);
    Perturb();  // after the release: never lengthens the critical section
  }

 private:
  std::atomic<bool> locked_{false};
};

// Waits with plain loads (the line stays shared in every waiter's cache) and
// only then tries the write. Same guarantees as TasLock.
class CAPABILITY("mutex") alignas(kCacheLine) TtasLock {
 public:
  void lock() ACQUIRE() {
    Perturb();
    SpinWait wait;
    for (;;) {
      if (!locked_.exchange(true, std::memory_order_acquire)) return;
      while (locked_.load(std::memory_order_relaxed)) wait.Once();
    }
  }
  bool try_lock() TRY_ACQUIRE(true) {
    Perturb();
    return !locked_.load(std::memory_order_relaxed) &&
           !locked_.exchange(true, std::memory_order_acquire);
  }
  void unlock() RELEASE() {
    locked_.store(false, std::memory_order_release);
    Perturb();  // after the release: never lengthens the critical section
  }

 private:
  std::atomic<bool> locked_{false};
};

// First come, first served: a waiter takes a ticket and spins until served,
// then sleeps on the "now serving" word. Fair, so every hand-off needs the
// one thread holding the next ticket to run: with more threads than PUs a
// pure spinner could wait whole time slices for a preempted successor (and
// did: 10 us per increment under load), so waiters park after a short spin.
// Thread safety: lock()/unlock() from any thread; unlock by the holder.
// Memory ordering: acquire on lock, release (seq_cst) on unlock.
class CAPABILITY("mutex") alignas(kCacheLine) TicketLock {
 public:
  void lock() ACQUIRE() {
    const std::uint32_t mine = next_.fetch_add(1, std::memory_order_relaxed);
    Perturb();
    for (int spin = 0; spin < kSpinsBeforePark; ++spin) {
      if (serving_.load(std::memory_order_acquire) == mine) return;
      CpuRelax();
    }
    for (;;) {
      const std::uint32_t now = serving_.load(std::memory_order_acquire);
      if (now == mine) return;
      serving_.wait(now, std::memory_order_acquire);
    }
  }
  void unlock() RELEASE() {
    // Only the holder writes serving_, so a plain increment is enough. The
    // store is seq_cst, not release: libstdc++ skips the futex wake when its
    // waiter count reads 0, and a release store may pass that load (x86's
    // store buffer), missing a waiter that parked in between (a lost
    // wake-up: counter hung for minutes under load with 9 repetitions).
    serving_.store(serving_.load(std::memory_order_relaxed) + 1,
                   std::memory_order_seq_cst);
    serving_.notify_all();  // every parked waiter re-checks its ticket
    Perturb();  // after the release: never lengthens the critical section
  }

 private:
  static constexpr int kSpinsBeforePark = 1024;  // as SpinWait, ~10-40 us
  std::atomic<std::uint32_t> next_{0};
  std::atomic<std::uint32_t> serving_{0};
};

}  // namespace mt::workloads
