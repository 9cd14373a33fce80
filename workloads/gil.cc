// The GIL emulator: take_gil/drop_gil after CPython's Python/ceval_gil.h, with
// one mutex where CPython has two (gil->mutex, gil->switch_mutex).
#include "workloads/gil.h"

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

void Gil::Take(int thread) {
  if (policy_ == GilPolicy::kNone) return;
  std::unique_lock<std::mutex> lock(mutex_);
  TakeLocked(lock, thread);
}

void Gil::TakeLocked(std::unique_lock<std::mutex>& lock, int thread) {
  if (locked_) {
    ++waiters_;
    while (locked_) {
      if (policy_ == GilPolicy::kTick) {
        cond_.wait(lock);  // the old GIL: wait, however long it takes
        continue;
      }
      const std::uint64_t seen = switch_number_;
      const bool timed_out =
          cond_.wait_for(lock, interval_) == std::cv_status::timeout;
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
  if (last_holder_ != thread) {
    last_holder_ = thread;
    ++switch_number_;
    switches_.fetch_add(1, std::memory_order_relaxed);
    switch_cond_.notify_all();  // a forced dropper waits for this
  }
  drop_request_.store(false, std::memory_order_relaxed);
  if (observer_) observer_->OnTake(thread);
}

void Gil::Drop(int thread, DropReason reason) {
  if (policy_ == GilPolicy::kNone) return;
  std::lock_guard<std::mutex> lock(mutex_);
  // Signalled under the mutex, as CPython's drop_gil (and Python 2's lock)
  // do: the woken waiter then also has to win the mutex against a holder
  // that takes the lock straight back, which is the tick policy's lesson.
  if (DropLocked(thread, reason)) cond_.notify_one();
}

bool Gil::DropLocked(int thread, DropReason reason) {
  locked_ = false;
  holder_.store(-1, std::memory_order_relaxed);
  if (observer_) observer_->OnDrop(thread, reason);
  return waiters_ > 0;
}

void Gil::ForceSwitch(int thread) {
  if (policy_ == GilPolicy::kNone) return;
  std::unique_lock<std::mutex> lock(mutex_);
  forced_drops_.fetch_add(1, std::memory_order_relaxed);
  if (DropLocked(thread, DropReason::kForced)) cond_.notify_one();
  // Forced switching: without this wait the dropping thread, already
  // running, would usually win the lock back before the waiter wakes.
  while (last_holder_ == thread) switch_cond_.wait(lock);
  TakeLocked(lock, thread);
}

GilStats Gil::Stats() const {
  return {takes_.load(std::memory_order_relaxed),
          switches_.load(std::memory_order_relaxed),
          forced_drops_.load(std::memory_order_relaxed),
          drop_requests_.load(std::memory_order_relaxed)};
}

}  // namespace mt::workloads
