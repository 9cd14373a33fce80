// The scheduler's one internal lock: a futex mutex on raw system calls (no
// pthread, so ThreadSanitizer never sees it and it never recurses into our
// own wrappers). Held only for short bookkeeping, never across a wait.
#pragma once

#include <atomic>
#include <cstdint>

#include "preload/sched/sys.h"

namespace mt::sched {

class Lock {
 public:
  void lock() {
    uint32_t free = 0;
    if (!word_.compare_exchange_strong(free, 1, std::memory_order_acquire)) {
      Slow();
    }
  }
  void unlock() {
    if (word_.exchange(0, std::memory_order_release) == 2) FutexWake(&word_, 1);
  }

 private:
  void Slow() {
    // A holder keeps it for well under a microsecond: spin briefly first,
    // then sleep (0 free, 1 held, 2 held with sleepers).
    for (int i = 0; i < 64; ++i) {
      __builtin_ia32_pause();
      uint32_t free = 0;
      if (word_.load(std::memory_order_relaxed) == 0 &&
          word_.compare_exchange_strong(free, 1, std::memory_order_acquire)) {
        return;
      }
    }
    while (word_.exchange(2, std::memory_order_acquire) != 0) {
      FutexWait(&word_, 2, nullptr);
    }
  }
  std::atomic<uint32_t> word_{0};
};

class Guard {
 public:
  explicit Guard(Lock& lock) : lock_(lock) { lock_.lock(); }
  ~Guard() {
    if (held_) lock_.unlock();
  }
  void Unlock() {
    lock_.unlock();
    held_ = false;
  }
  Guard(const Guard&) = delete;
  Guard& operator=(const Guard&) = delete;

 private:
  Lock& lock_;
  bool held_ = true;
};

}  // namespace mt::sched
