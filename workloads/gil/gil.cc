// The GIL emulator: take_gil/drop_gil after CPython's Python/ceval_gil.h, with
// one mutex where CPython has two (gil->mutex, gil->switch_mutex).
#include "workloads/gil/gil.h"

#include <algorithm>

namespace mt::workloads {

std::optional<GilPolicy> ParseGilPolicy(std::string_view text) {
  for (GilPolicy p : {GilPolicy::kTick, GilPolicy::kInterval, GilPolicy::kNone,
                      GilPolicy::kPerProcess}) {
    if (text == GilPolicyName(p)) return p;
  }
  return std::nullopt;
}

std::string_view GilPolicyName(GilPolicy policy) {
  switch (policy) {
    case GilPolicy::kTick:
      return "tick";
    case GilPolicy::kInterval:
      return "interval";
    case GilPolicy::kNone:
      return "none";
    case GilPolicy::kPerProcess:
      return "per_process";
  }
  return "?";
}

std::string_view DropReasonName(DropReason reason) {
  switch (reason) {
    case DropReason::kTick:
      return "tick";
    case DropReason::kForced:
      return "forced";
    case DropReason::kBlocking:
      return "blocking";
    case DropReason::kExit:
      return "exit";
  }
  return "?";
}

Gil::Gil(GilPolicy policy, std::chrono::microseconds switch_interval,
         GilObserver* observer)
    : policy_(policy),
      // CPython clamps the interval to at least 1 us as well.
      interval_(std::max(switch_interval, std::chrono::microseconds(1))),
      observer_(observer) {}

// CPython signals its condition variables while holding the mutex; we
// signal just after releasing it. Every waiter re-checks its condition under
// the mutex, so no wake-up is lost, and the woken thread does not wake only
// to block on a mutex its waker still holds (glibc does no wait morphing):
// that would put two wake-ups, not one, on every handoff's critical path.
void Gil::Take(int thread) {
  if (policy_ == GilPolicy::kNone) return;
  MutexLock lock(mutex_);
  const bool switched = TakeLocked(lock, thread);
  lock.Unlock();
  if (switched) switch_cond_.notify_all();  // a forced dropper waits for it
}

bool Gil::TakeLocked(MutexLock& lock, int thread) {
  if (locked_) {
    ++waiters_;
    while (locked_) {
      if (policy_ == GilPolicy::kTick) {
        lock.Wait(cond_);  // the old GIL: wait, however long it takes
        continue;
      }
      const std::uint64_t seen = switch_number_;
      const bool timed_out =
          lock.WaitFor(cond_, interval_) == std::cv_status::timeout;
      // A whole interval passed and the lock never changed hands: ask the
      // holder to let go. Switches among other threads restart the wait.
      if (timed_out && locked_ && switch_number_ == seen) {
        drop_request_.store(true, std::memory_order_relaxed);
        drop_requests_.fetch_add(1, std::memory_order_relaxed);
        if (observer_) observer_->OnDropRequest(thread);
      }
    }
    --waiters_;
  }
  locked_ = true;
  holder_.store(thread, std::memory_order_relaxed);
  takes_.fetch_add(1, std::memory_order_relaxed);
  drop_request_.store(false, std::memory_order_relaxed);
  if (observer_) observer_->OnTake(thread);
  if (last_holder_ == thread) return false;
  last_holder_ = thread;
  ++switch_number_;
  switches_.fetch_add(1, std::memory_order_relaxed);
  return true;
}

void Gil::Drop(int thread, DropReason reason) {
  if (policy_ == GilPolicy::kNone) return;
  bool wake;
  {
    LockGuard lock(mutex_);
    wake = DropLocked(thread, reason);
  }
  if (wake) cond_.notify_one();
}

bool Gil::DropLocked(int thread, DropReason reason) {
  locked_ = false;
  holder_.store(-1, std::memory_order_relaxed);
  if (observer_) observer_->OnDrop(thread, reason);
  return waiters_ > 0;
}

void Gil::ForceSwitch(int thread) {
  if (policy_ == GilPolicy::kNone) return;
  MutexLock lock(mutex_);
  forced_drops_.fetch_add(1, std::memory_order_relaxed);
  if (DropLocked(thread, DropReason::kForced)) {
    lock.Unlock();
    cond_.notify_one();
    lock.Lock();
  }
  // Forced switching: without this wait the dropping thread, already
  // running, would usually win the lock back before the waiter wakes.
  while (last_holder_ == thread) lock.Wait(switch_cond_);
  const bool switched = TakeLocked(lock, thread);
  lock.Unlock();
  if (switched) switch_cond_.notify_all();
}

GilStats Gil::Stats() const {
  return {takes_.load(std::memory_order_relaxed),
          switches_.load(std::memory_order_relaxed),
          forced_drops_.load(std::memory_order_relaxed),
          drop_requests_.load(std::memory_order_relaxed)};
}

}  // namespace mt::workloads
