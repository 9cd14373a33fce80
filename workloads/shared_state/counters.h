// Shared counters from the seeds' lessons ("two threads g_num += 1 a million
// times lose updates"), from plainly racy to sharded. One body each, timed by
// the counter scenario and checked by counters_test.cc.
#pragma once

#include <atomic>
#include <cstdint>
#include <memory>
#include <vector>

#include "workloads/base/cache_line.h"
#include "workloads/base/mutex.h"
#include "workloads/base/thread_annotations.h"
#include "workloads/locks/perturb.h"

namespace mt::workloads {

// A real data race: one load and one store per increment, and concurrent
// increments lose updates. `volatile` keeps the compiler from folding a loop
// of increments into one add (which would hide the loss); it makes nothing
// atomic. Undefined behaviour by design: measured, and hunted under TSan,
// never run in a TSan test.
class RacyCounter {
 public:
  void Increment() {
    Perturb();
    // Load and store on one line: every report of this race names that
    // line, so a hunt sees one finding, not one per pair of accesses.
    value_ = value_ + 1;
  }
  std::int64_t Get() const { return value_; }
  void Reset() { value_ = 0; }

 private:
  volatile std::int64_t value_ = 0;
};

// `x = x + n` as a separate atomic read and write: updates are lost exactly
// as in the racy counter, without undefined behaviour. `between` runs after
// the read and before the write (a delay, or a barrier in tests).
// Memory ordering: relaxed; only the final value matters.
class SplitRmwCounter {
 public:
  void Increment() { Add(1); }
  void Add(std::int64_t n) {
    Add(n, [] {});
  }
  template <typename F>
  void Add(std::int64_t n, F&& between) {
    const std::int64_t seen = value_.load(std::memory_order_relaxed);
    Perturb();
    between();
    value_.store(seen + n, std::memory_order_relaxed);
  }
  std::int64_t Get() const { return value_.load(std::memory_order_relaxed); }
  void Reset() { value_.store(0, std::memory_order_relaxed); }

 private:
  std::atomic<std::int64_t> value_{0};
};

// The seeds' fix: the read-modify-write under a lock. `Lock` is an annotated
// lock (Mutex, TasLock, TtasLock, TicketLock): the compiler checks that
// value_ is touched only under it.
// Thread safety: all methods from any thread.
template <typename Lock>
class LockedCounter {
 public:
  void Increment() { Add(1); }
  void Add(std::int64_t n) {
    Add(n, [] {});
  }
  template <typename F>
  void Add(std::int64_t n, F&& between) {
    Perturb();
    LockGuard hold(lock_);
    const std::int64_t seen = value_;
    between();
    value_ = seen + n;
  }
  std::int64_t Get() {
    LockGuard hold(lock_);
    return value_;
  }
  void Reset() {
    LockGuard hold(lock_);
    value_ = 0;
  }

 private:
  Lock lock_;
  std::int64_t value_ GUARDED_BY(lock_) = 0;
};

// One locked instruction per increment. Memory ordering: relaxed (a counter
// publishes nothing else).
class AtomicCounter {
 public:
  void Increment() {
    Perturb();
    value_.fetch_add(1, std::memory_order_relaxed);
  }
  std::int64_t Get() const { return value_.load(std::memory_order_relaxed); }
  void Reset() { value_.store(0, std::memory_order_relaxed); }

 private:
  std::atomic<std::int64_t> value_{0};
};

// One slot per thread, summed on demand. Padded: each slot on its own cache
// line. Unpadded: slots share lines, so writers invalidate each other's
// lines although they never touch the same counter (false sharing).
// Thread safety: Increment(shard) by one thread per shard; Get() from any
// thread (a snapshot while writers run, exact once they stopped).
template <bool kPadded>
class ShardedCounter {
 public:
  explicit ShardedCounter(int shards)
      : slots_(std::make_unique<Slot[]>(static_cast<size_t>(shards))),
        shards_(shards) {}
  // Single writer per slot: a relaxed load and store, no locked instruction.
  void Increment(int shard) {
    std::atomic<std::int64_t>& v = slots_[static_cast<size_t>(shard)].value;
    Perturb();
    v.store(v.load(std::memory_order_relaxed) + 1, std::memory_order_relaxed);
  }
  std::int64_t Get() const {
    std::int64_t sum = 0;
    for (int i = 0; i < shards_; ++i) {
      sum +=
          slots_[static_cast<size_t>(i)].value.load(std::memory_order_relaxed);
    }
    return sum;
  }
  void Reset() {
    for (int i = 0; i < shards_; ++i) {
      slots_[static_cast<size_t>(i)].value.store(0, std::memory_order_relaxed);
    }
  }
  int shards() const { return shards_; }
  static constexpr std::size_t SlotBytes() { return sizeof(Slot); }

 private:
  struct PaddedSlot {
    alignas(kCacheLine) std::atomic<std::int64_t> value{0};
  };
  struct PackedSlot {
    std::atomic<std::int64_t> value{0};
  };
  using Slot = std::conditional_t<kPadded, PaddedSlot, PackedSlot>;
  std::unique_ptr<Slot[]> slots_;
  int shards_;
};

using PaddedShardedCounter = ShardedCounter<true>;
using PackedShardedCounter = ShardedCounter<false>;

}  // namespace mt::workloads
