// Bank transfers under each deadlock-avoidance strategy.
#include "workloads/deadlock/bank.h"

#include <sched.h>

#include <algorithm>
#include <vector>

#include "workloads/locks/spinlocks.h"

namespace mt::workloads {
namespace {

void Bump(std::atomic<std::int64_t>& c, std::int64_t by = 1) {
  c.store(c.load(std::memory_order_relaxed) + by, std::memory_order_relaxed);
}

// Exponential back-off after a missed second lock: 2^k pauses, capped at
// 1024 (~10-40 us, as SpinWait), then a yield so a preempted holder can
// run. Randomness is not needed: the two sides back off from different
// locks.
class Backoff {
 public:
  void Pause() {
    for (int i = 0; i < pauses_; ++i) CpuRelax();
    if (pauses_ < kMaxPauses) {
      pauses_ *= 2;
    } else {
      sched_yield();
    }
  }

 private:
  static constexpr int kMaxPauses = 1024;
  int pauses_ = 1;
};

}  // namespace

std::string_view AvoidanceName(Avoidance how) {
  switch (how) {
    case Avoidance::kGlobalOrder:
      return "global_order";
    case Avoidance::kScopedLock:
      return "scoped_lock";
    case Avoidance::kTryLockBackoff:
      return "try_lock_backoff";
    case Avoidance::kTryLockFor:
      return "try_lock_for";
    case Avoidance::kBanker:
      return "banker";
  }
  return "?";
}

Bank::Bank(int accounts, std::int64_t opening, int workers)
    : accounts_(accounts),
      workers_(workers),
      account_(std::make_unique<Account[]>(static_cast<size_t>(accounts))),
      counters_(
          std::make_unique<WorkerCounters[]>(static_cast<size_t>(workers))),
      banker_(std::vector<int>(static_cast<size_t>(accounts), 1), workers) {
  for (int i = 0; i < accounts_; ++i) account_[i].balance = opening;
}

void Bank::Move(int from, int to, std::int64_t amount) {
  account_[from].balance -= amount;
  account_[to].balance += amount;
}

void Bank::Transfer(Avoidance how, int worker, int from, int to,
                    std::int64_t amount) {
  std::timed_mutex& a = account_[from].lock;
  std::timed_mutex& b = account_[to].lock;
  WorkerCounters& c = counters_[worker];
  switch (how) {
    case Avoidance::kGlobalOrder: {
      std::timed_mutex& first = from < to ? a : b;
      std::timed_mutex& second = from < to ? b : a;
      std::lock_guard hold_first(first);
      std::lock_guard hold_second(second);
      Move(from, to, amount);
      break;
    }
    case Avoidance::kScopedLock: {
      std::scoped_lock both(a, b);
      Move(from, to, amount);
      break;
    }
    case Avoidance::kTryLockBackoff: {
      Backoff backoff;
      for (;;) {
        a.lock();
        if (b.try_lock()) break;
        a.unlock();
        Bump(c.retries);
        backoff.Pause();
      }
      Move(from, to, amount);
      b.unlock();
      a.unlock();
      break;
    }
    case Avoidance::kTryLockFor: {
      // try_lock_for(kPatience), spelled as a system_clock deadline: libstdc++
      // waits on steady_clock with pthread_mutex_clocklock, which clang 14's
      // ThreadSanitizer does not intercept (it then sees unlocks of unlocked
      // mutexes); system_clock uses pthread_mutex_timedlock, which it does.
      // After a time-out, back off as above: two transfers that crossed
      // would otherwise time out together and meet again (a livelock).
      auto patient = [](std::timed_mutex& m) {
        return m.try_lock_until(std::chrono::system_clock::now() + kPatience);
      };
      Backoff backoff;
      for (;;) {
        if (!patient(a)) {
          Bump(c.timeouts);
          backoff.Pause();
          continue;
        }
        if (patient(b)) break;
        a.unlock();
        Bump(c.timeouts);
        Bump(c.retries);
        backoff.Pause();
      }
      Move(from, to, amount);
      b.unlock();
      a.unlock();
      break;
    }
    case Avoidance::kBanker: {
      const int both[] = {from, to};
      banker_.Claim(worker, both);
      // The grants are the exclusion: no account lock is taken.
      Bump(c.waits, banker_.AcquireOne(worker, from));
      Bump(c.waits, banker_.AcquireOne(worker, to));
      Move(from, to, amount);
      banker_.ReleaseAll(worker);
      break;
    }
  }
  Bump(c.transfers);
}

std::int64_t Bank::Total() const {
  std::int64_t sum = 0;
  for (int i = 0; i < accounts_; ++i) sum += account_[i].balance;
  return sum;
}

TransferCounters Bank::Counters() const {
  TransferCounters sum;
  for (int w = 0; w < workers_; ++w) {
    const WorkerCounters& c = counters_[w];
    sum.transfers += c.transfers.load(std::memory_order_relaxed);
    sum.retries += c.retries.load(std::memory_order_relaxed);
    sum.timeouts += c.timeouts.load(std::memory_order_relaxed);
    sum.waits += c.waits.load(std::memory_order_relaxed);
  }
  return sum;
}

void Bank::ResetCounters() {
  for (int w = 0; w < workers_; ++w) {
    WorkerCounters& c = counters_[w];
    for (auto* v : {&c.transfers, &c.retries, &c.timeouts, &c.waits}) {
      v->store(0, std::memory_order_relaxed);
    }
  }
}

}  // namespace mt::workloads
