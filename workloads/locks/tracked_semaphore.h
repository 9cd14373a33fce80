// A counting semaphore whose waiters the deadlock watchdog sees: a wait that
// never ends is reported as a stall on the semaphore, by name.
//
// Why not std::counting_semaphore: libstdc++ 12 (Debian 12's) can lose its
// wake-up. A waiter reads the count, spins, then sleeps on the futex while
// the count still equals what it read; release() wakes sleepers only when the
// count was 0. A release that lands between the waiter's last check and its
// sleep leaves it asleep on a positive count (bits/semaphore_base.h,
// _M_release; bits/atomic_wait.h, __atomic_wait_address_bare). `make race`
// caught a philosopher asleep there while the waiter had permits to spare.
#pragma once

#include <string>

#include "workloads/base/thread_annotations.h"
#include "workloads/locks/tracked_mutex.h"

namespace mt::workloads {

// Thread safety: every method from any thread. Memory ordering: a release()
// happens-before the acquire() that takes its unit (both under one mutex).
class TrackedSemaphore {
 public:
  TrackedSemaphore(const std::string& name, int count)
      : mu_(name + " lock"), ready_(name), count_(count) {}

  void acquire(SourceLocation at = SourceLocation::current()) EXCLUDES(mu_) {
    TrackedGuard hold(mu_);
    // The condition releases and retakes mu_ itself (any Lockable will do);
    // the loop is its predicate wait, spelled out for the analysis.
    while (count_ <= 0) ready_.wait(mu_, at);
    --count_;
  }
  void release() EXCLUDES(mu_) {
    {
      TrackedGuard hold(mu_);
      ++count_;
    }
    ready_.notify_one();
  }
  // A snapshot: may change as soon as it is read.
  int value() EXCLUDES(mu_) {
    TrackedGuard hold(mu_);
    return count_;
  }

 private:
  TrackedMutex mu_;
  TrackedCondition ready_;
  int count_ GUARDED_BY(mu_);
};

}  // namespace mt::workloads
