// Dining philosophers: N philosophers round a table, a fork between each
// pair; eating takes both neighbouring forks. Taking the left fork, then the
// right, can hang the whole table; three ways of taking them that cannot.
#pragma once

#include <atomic>
#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <type_traits>
#include <vector>

#include "workloads/base/cache_line.h"
#include "workloads/locks/tracked_semaphore.h"

namespace mt::workloads {

enum class ForkOrder {
  // Left then right, but a waiter seats at most N - 1 philosophers, so one
  // of them always gets both forks. The lock order still has the N-cycle:
  // a lock-order detector warns although this table cannot hang.
  kLeftThenRightWithWaiter,
  // Dijkstra's resource hierarchy: the lower-numbered fork first. One
  // global order: no cycle.
  kLowerFirst,
  // Both at once with std::scoped_lock (lock one, try the other, back off).
  kBothAtOnce,
};

inline const char* ForkOrderName(ForkOrder o) {
  switch (o) {
    case ForkOrder::kLeftThenRightWithWaiter:
      return "left_then_right_waiter";
    case ForkOrder::kLowerFirst:
      return "lower_first";
    case ForkOrder::kBothAtOnce:
      return "scoped_lock";
  }
  return "?";
}
inline constexpr ForkOrder kAllForkOrders[] = {
    ForkOrder::kLeftThenRightWithWaiter, ForkOrder::kLowerFirst,
    ForkOrder::kBothAtOnce};

// Thread safety: Dine(p) from one thread per philosopher p; Meals() and
// ForkUses() once they stopped. Needs at least 2 philosophers.
template <typename Mutex>
class DiningTable {
 public:
  explicit DiningTable(int philosophers)
      : n_(philosophers),
        waiter_("waiter", philosophers - 1),
        meals_(
            std::make_unique<MealCount[]>(static_cast<size_t>(philosophers))),
        uses_(std::make_unique<Uses[]>(static_cast<size_t>(philosophers))) {
    for (int i = 0; i < n_; ++i) {
      if constexpr (std::is_constructible_v<Mutex, std::string>) {
        forks_.push_back(std::make_unique<Mutex>("fork " + std::to_string(i)));
      } else {
        forks_.push_back(std::make_unique<Mutex>());
      }
    }
  }

  // One meal of philosopher `p`: fork p is on the left, fork p+1 on the
  // right (modulo N).
  void Dine(int p, ForkOrder order) {
    Mutex& left = *forks_[static_cast<size_t>(p)];
    Mutex& right = *forks_[static_cast<size_t>((p + 1) % n_)];
    switch (order) {
      case ForkOrder::kLeftThenRightWithWaiter: {
        waiter_.acquire();
        left.lock();
        right.lock();
        Eat(p);
        right.unlock();
        left.unlock();
        waiter_.release();
        break;
      }
      case ForkOrder::kLowerFirst: {
        const bool left_lower = p < (p + 1) % n_;
        Mutex& lower = left_lower ? left : right;
        Mutex& upper = left_lower ? right : left;
        lower.lock();
        upper.lock();
        Eat(p);
        upper.unlock();
        lower.unlock();
        break;
      }
      case ForkOrder::kBothAtOnce: {
        std::scoped_lock both(left, right);
        Eat(p);
        break;
      }
    }
  }

  std::int64_t Meals() const {
    std::int64_t sum = 0;
    for (int i = 0; i < n_; ++i) {
      sum +=
          meals_[static_cast<size_t>(i)].count.load(std::memory_order_relaxed);
    }
    return sum;
  }
  // Meals eaten with each fork, counted under the fork's lock without
  // atomics: sums to 2 x Meals() only if the forks excluded each other.
  std::int64_t ForkUses() const {
    std::int64_t sum = 0;
    for (int i = 0; i < n_; ++i) sum += uses_[static_cast<size_t>(i)].count;
    return sum;
  }
  int size() const { return n_; }

 private:
  struct MealCount {
    alignas(kCacheLine) std::atomic<std::int64_t> count{0};
  };
  struct Uses {
    alignas(kCacheLine) std::int64_t count = 0;
  };
  // Both forks held. The meal counter has a single writer: relaxed load and
  // store, no locked instruction.
  void Eat(int p) {
    auto& c = meals_[static_cast<size_t>(p)].count;
    c.store(c.load(std::memory_order_relaxed) + 1, std::memory_order_relaxed);
    ++uses_[static_cast<size_t>(p)].count;
    ++uses_[static_cast<size_t>((p + 1) % n_)].count;
  }

  const int n_;
  // Seats N - 1; tracked, so a philosopher stuck at the door is reported.
  TrackedSemaphore waiter_;
  std::vector<std::unique_ptr<Mutex>> forks_;
  std::unique_ptr<MealCount[]> meals_;
  std::unique_ptr<Uses[]> uses_;
};

}  // namespace mt::workloads
