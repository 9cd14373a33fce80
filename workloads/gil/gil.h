// An emulation of CPython's global interpreter lock: the pre-3.2 "tick" GIL,
// the 3.2+ "interval" GIL with forced switching, and no lock at all. Modelled
// on CPython's Python/ceval_gil.h (take_gil, drop_gil, the eval breaker).
#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <optional>
#include <string_view>

#include "workloads/base/cache_line.h"
#include "workloads/base/mutex.h"
#include "workloads/base/thread_annotations.h"

namespace mt::workloads {

// tick: the holder releases and at once re-acquires every kTicksPerCheck
//   bytecodes, handing nothing over (Python 2's sys.setcheckinterval(100));
// interval: a waiter waits up to the switch interval, then asks the holder
//   to drop; the holder drops at its next check and waits until another
//   thread has taken the lock (Python 3.2+, FORCE_SWITCHING);
// none: no lock (free-threaded CPython);
// per_process: each process has its own interval GIL (multiprocessing); to
//   a Gil object it is the interval policy.
enum class GilPolicy { kTick, kInterval, kNone, kPerProcess };

std::optional<GilPolicy> ParseGilPolicy(std::string_view text);
std::string_view GilPolicyName(GilPolicy policy);
inline constexpr std::string_view kGilPolicyChoices =
    "tick, interval, none, per_process";

// Python 2's default check interval.
inline constexpr int kTicksPerCheck = 100;
// sys.getswitchinterval() of Python 3.2+.
inline constexpr std::chrono::microseconds kDefaultSwitchInterval{5000};

// Why the holder let go.
enum class DropReason { kTick, kForced, kBlocking, kExit };
std::string_view DropReasonName(DropReason reason);

// Sees every ownership change, for traces. Thread safety: called under the
// GIL's internal mutex, so calls are totally ordered and never concurrent;
// an observer must be quick and must not call back into the Gil. The none
// policy reports nothing (nothing is held).
class GilObserver {
 public:
  virtual ~GilObserver() = default;
  virtual void OnTake(int thread) = 0;
  virtual void OnDrop(int thread, DropReason reason) = 0;
  virtual void OnDropRequest(int waiter) = 0;  // a waiter's interval ran out
};

struct GilStats {
  std::uint64_t takes = 0;
  std::uint64_t switches = 0;  // takes by a thread other than the last holder
  std::uint64_t forced_drops = 0;  // drops answering a drop request
  std::uint64_t drop_requests = 0;
};

// Thread safety: Take/Drop/Blocking/Check/ForceSwitch from interpreter
// threads, each with its own small integer id (>= 0); Check and ForceSwitch
// only by the holder. holder() and Stats() from any thread.
// Memory ordering: taking the lock acquires and dropping it releases (through
// the internal mutex), so state touched only under the GIL needs no atomics.
// A capability to the analysis: code between Take and Drop holds it (under
// the none policy too, where holding it costs nothing).
class CAPABILITY("gil") Gil {
 public:
  explicit Gil(
      GilPolicy policy,
      std::chrono::microseconds switch_interval = kDefaultSwitchInterval,
      GilObserver* observer = nullptr);
  Gil(const Gil&) = delete;
  Gil& operator=(const Gil&) = delete;

  void Take(int thread) ACQUIRE();
  void Drop(int thread, DropReason reason = DropReason::kExit) RELEASE();

  // A blocking call (I/O, sleep) runs without the lock, as between
  // Py_BEGIN_ALLOW_THREADS and Py_END_ALLOW_THREADS.
  template <typename F>
  void Blocking(int thread, F&& call) REQUIRES(this) {
    Drop(thread, DropReason::kBlocking);
    call();
    Take(thread);
  }

  // The eval breaker, between two bytecodes: tick counts down and releases;
  // interval drops if asked to. Returns true when the lock was let go (and
  // taken back) by this call. Inline: it runs once per bytecode.
  bool Check(int thread) REQUIRES(this) {
    switch (policy_) {
      case GilPolicy::kNone:
        return false;
      case GilPolicy::kTick:
        if (++ticks_ < kTicksPerCheck) return false;  // holder-only state
        ticks_ = 0;
        Drop(thread, DropReason::kTick);
        Take(thread);
        return true;
      default:
        // Relaxed: a late sight of the request only delays the switch by
        // one bytecode; the switch itself synchronises through mutex_.
        if (!drop_request_.load(std::memory_order_relaxed)) return false;
        ForceSwitch(thread);
        return true;
    }
  }

  // What the holder does on a drop request: drop, wait until another thread
  // has taken the lock, take it back. Call it only when another thread is
  // waiting in Take or about to be; otherwise it waits forever.
  void ForceSwitch(int thread) REQUIRES(this);

  int holder() const { return holder_.load(std::memory_order_relaxed); }
  GilPolicy policy() const { return policy_; }
  GilStats Stats() const;

 private:
  // Both return whether to signal after unlocking: a switch happened (for
  // switch_cond_), someone waits (for cond_).
  bool TakeLocked(MutexLock& lock, int thread) REQUIRES(mutex_);
  bool DropLocked(int thread, DropReason reason) REQUIRES(mutex_);

  const GilPolicy policy_;
  const std::chrono::microseconds interval_;
  GilObserver* const observer_;

  Mutex mutex_;                          // CPython's gil->mutex
  std::condition_variable cond_;         // "the lock was dropped"
  std::condition_variable switch_cond_;  // "another thread took it"
  bool locked_ GUARDED_BY(mutex_) = false;
  int last_holder_ GUARDED_BY(mutex_) = -1;
  int waiters_ GUARDED_BY(mutex_) = 0;
  std::uint64_t switch_number_ GUARDED_BY(mutex_) = 0;
  int ticks_ GUARDED_BY(this) = 0;  // only touched by the holder

  // Polled by the holder every bytecode: on its own line so that waiters
  // writing mutex_ do not slow the holder's reads.
  alignas(kCacheLine) std::atomic<bool> drop_request_{false};
  std::atomic<int> holder_{-1};  // relaxed: for tests and traces only

  // Counters, relaxed: written under mutex_, read at any time.
  std::atomic<std::uint64_t> takes_{0}, switches_{0}, forced_drops_{0},
      drop_requests_{0};
};

}  // namespace mt::workloads
