// How long a blocking call may wait, as the seeds' Queue.put/get take it:
// forever (block=True, timeout=None), up to a timeout, or not at all
// (block=False). One absolute point on the monotonic clock, so a call that
// retries after a spurious wake-up never waits longer in total.
#pragma once

#include <time.h>

#include <chrono>
#include <cstdint>

namespace mt::workloads {

// Thread safety: an immutable value; copy it to any thread.
class Deadline {
 public:
  using Clock = std::chrono::steady_clock;  // CLOCK_MONOTONIC on Linux

  static Deadline Never() { return Deadline(true, {}); }
  // Already passed: try once, do not wait (put_nowait, get_nowait).
  static Deadline Now() { return Deadline(false, Clock::now()); }
  static Deadline In(std::chrono::nanoseconds timeout) {
    return Deadline(false, Clock::now() + timeout);
  }

  bool forever() const { return forever_; }
  bool Expired() const { return !forever_ && Clock::now() >= at_; }
  Clock::time_point at() const { return at_; }

  // Milliseconds left for poll(2), rounded up so poll never returns before
  // the deadline; -1 (wait forever) when there is none.
  int PollMillis() const {
    if (forever_) return -1;
    const auto left = at_ - Clock::now();
    if (left <= Clock::duration::zero()) return 0;
    const auto ms = std::chrono::ceil<std::chrono::milliseconds>(left).count();
    return static_cast<int>(ms > kMaxPollMillis ? kMaxPollMillis : ms);
  }

  // The deadline as an absolute CLOCK_MONOTONIC time (futex wait bitset).
  timespec Monotonic() const { return ToTimespec(at_.time_since_epoch()); }

  // The same instant on CLOCK_REALTIME, for interfaces that only take that
  // clock (mq_timedsend, mq_timedreceive). A wall-clock step while waiting
  // shifts it; the monotonic deadline stays the reference.
  timespec Realtime() const {
    timespec now{};
    clock_gettime(CLOCK_REALTIME, &now);
    const auto left = at_ - Clock::now();
    const auto wall = std::chrono::seconds(now.tv_sec) +
                      std::chrono::nanoseconds(now.tv_nsec) + left;
    return ToTimespec(wall);
  }

 private:
  // poll(2) takes an int; a day per call is plenty, callers loop.
  static constexpr std::int64_t kMaxPollMillis = 86'400'000;

  Deadline(bool forever, Clock::time_point at) : forever_(forever), at_(at) {}

  template <typename Duration>
  static timespec ToTimespec(Duration d) {
    if (d < Duration::zero()) d = Duration::zero();
    const auto secs = std::chrono::floor<std::chrono::seconds>(d);
    const auto nanos =
        std::chrono::duration_cast<std::chrono::nanoseconds>(d - secs);
    return timespec{static_cast<time_t>(secs.count()),
                    static_cast<long>(nanos.count())};
  }

  bool forever_;
  Clock::time_point at_;
};

}  // namespace mt::workloads
