// Bank transfers between random accounts, each account behind its own lock:
// locking `from` then `to` deadlocks when two transfers cross. Five ways to
// avoid it, to be timed against each other.
#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>
#include <memory>
#include <mutex>
#include <random>
#include <string_view>

#include "workloads/base/cache_line.h"
#include "workloads/deadlock/bankers.h"

namespace mt::workloads {

enum class Avoidance {
  kGlobalOrder,     // lower account number first: one order, no cycle
  kScopedLock,      // std::scoped_lock(from, to): lock, try, back off
  kTryLockBackoff,  // from, then try_lock(to); on failure release, back off
  kTryLockFor,      // try_lock_for on both; on a time-out release and retry
  kBanker,          // the banker's algorithm grants the two accounts
};
std::string_view AvoidanceName(Avoidance how);
inline constexpr Avoidance kAllAvoidances[] = {
    Avoidance::kGlobalOrder, Avoidance::kScopedLock, Avoidance::kTryLockBackoff,
    Avoidance::kTryLockFor, Avoidance::kBanker};

// What a worker's transfers cost beyond the locking itself.
struct TransferCounters {
  std::int64_t transfers = 0;
  std::int64_t retries = 0;   // second lock missed: released and started over
  std::int64_t timeouts = 0;  // try_lock_for gave up
  std::int64_t waits = 0;     // banker: a grant had to wait
};

// Thread safety: Transfer from any thread, each worker index used by one
// thread at a time; Total() and Counters() when no transfer runs.
class Bank {
 public:
  // Every account opens with `opening`; `workers` bounds the worker index
  // (the banker's processes).
  Bank(int accounts, std::int64_t opening, int workers);

  // Moves `amount` from `from` to `to` (distinct accounts).
  void Transfer(Avoidance how, int worker, int from, int to,
                std::int64_t amount);
  // Moves 1 between two distinct accounts drawn uniformly with `rng`.
  void RandomTransfer(Avoidance how, int worker, std::minstd_rand& rng) {
    const int from = static_cast<int>(rng() % unsigned(accounts_));
    const int step = 1 + static_cast<int>(rng() % unsigned(accounts_ - 1));
    Transfer(how, worker, from, (from + step) % accounts_, 1);
  }
  std::int64_t Total() const;
  int accounts() const { return accounts_; }
  TransferCounters Counters() const;
  void ResetCounters();

  // try_lock_for's patience: 100 us is ~1000 transfers' critical sections,
  // yet well under a scheduler slice, so a real circular wait is broken
  // quickly.
  static constexpr std::chrono::microseconds kPatience{100};

 private:
  // One account per cache line: transfers on different accounts do not
  // share lines. std::timed_mutex for every strategy, so they differ only
  // in how they take it (its lock() is pthread_mutex_lock, as std::mutex).
  struct alignas(kCacheLine) Account {
    std::timed_mutex lock;
    std::int64_t balance = 0;
  };
  // Written by its worker only; relaxed single-writer updates.
  struct alignas(kCacheLine) WorkerCounters {
    std::atomic<std::int64_t> transfers{0}, retries{0}, timeouts{0}, waits{0};
  };
  void Move(int from, int to, std::int64_t amount);

  const int accounts_, workers_;
  std::unique_ptr<Account[]> account_;
  std::unique_ptr<WorkerCounters[]> counters_;
  Banker banker_;
};

}  // namespace mt::workloads
