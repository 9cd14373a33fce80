// The banker's algorithm: the safety check and the blocking banker.
#include "workloads/deadlock/bankers.h"

#include <stdexcept>
#include <string>

namespace mt::workloads {

BankersState::BankersState(std::vector<int> available,
                           const std::vector<std::vector<int>>& max,
                           const std::vector<std::vector<int>>& allocation)
    : processes_(static_cast<int>(max.size())),
      resources_(static_cast<int>(available.size())),
      available_(std::move(available)) {
  if (allocation.size() != max.size()) {
    throw std::invalid_argument(
        "banker: max has " + std::to_string(max.size()) + " rows, allocation " +
        std::to_string(allocation.size()));
  }
  for (int p = 0; p < processes_; ++p) {
    const auto& m = max[static_cast<size_t>(p)];
    const auto& a = allocation[static_cast<size_t>(p)];
    if (m.size() != available_.size() || a.size() != available_.size()) {
      throw std::invalid_argument("banker: process " + std::to_string(p) +
                                  " needs " +
                                  std::to_string(available_.size()) +
                                  " resources in max and allocation");
    }
    for (int r = 0; r < resources_; ++r) {
      if (a[static_cast<size_t>(r)] > m[static_cast<size_t>(r)]) {
        throw std::invalid_argument("banker: process " + std::to_string(p) +
                                    " holds more than it claimed");
      }
    }
    max_.insert(max_.end(), m.begin(), m.end());
    alloc_.insert(alloc_.end(), a.begin(), a.end());
  }
}

BankersState::BankersState(std::vector<int> available, int processes)
    : processes_(processes),
      resources_(static_cast<int>(available.size())),
      available_(std::move(available)),
      max_(static_cast<size_t>(processes) * available_.size(), 0),
      alloc_(max_.size(), 0) {}

bool BankersState::IsSafe(std::vector<int>* order) const {
  std::vector<int> work = available_;
  std::vector<bool> finished(static_cast<size_t>(processes_), false);
  if (order) order->clear();
  // Repeatedly let some unfinished process whose remaining need fits in
  // `work` finish and return what it holds: O(P^2 R), as in the textbook.
  for (int done = 0; done < processes_;) {
    bool progressed = false;
    for (int p = 0; p < processes_; ++p) {
      if (finished[static_cast<size_t>(p)]) continue;
      bool fits = true;
      for (int r = 0; r < resources_ && fits; ++r) {
        fits = max_[Cell(p, r)] - alloc_[Cell(p, r)] <=
               work[static_cast<size_t>(r)];
      }
      if (!fits) continue;
      for (int r = 0; r < resources_; ++r) {
        work[static_cast<size_t>(r)] += alloc_[Cell(p, r)];
      }
      finished[static_cast<size_t>(p)] = true;
      if (order) order->push_back(p);
      ++done;
      progressed = true;
    }
    if (!progressed) return false;
  }
  return true;
}

BankersState::Grant BankersState::Request(int p, std::span<const int> request) {
  for (int r = 0; r < resources_; ++r) {
    const int want = request[static_cast<size_t>(r)];
    if (alloc_[Cell(p, r)] + want > max_[Cell(p, r)]) {
      return Grant::kExceedsClaim;
    }
    if (want > available_[static_cast<size_t>(r)]) return Grant::kUnavailable;
  }
  auto apply = [&](int sign) {
    for (int r = 0; r < resources_; ++r) {
      const int want = sign * request[static_cast<size_t>(r)];
      available_[static_cast<size_t>(r)] -= want;
      alloc_[Cell(p, r)] += want;
    }
  };
  apply(+1);  // pretend to grant, keep it only if the result is safe
  if (IsSafe()) return Grant::kGranted;
  apply(-1);
  return Grant::kUnsafe;
}

BankersState::Grant BankersState::RequestOne(int p, int resource) {
  std::vector<int> request(static_cast<size_t>(resources_), 0);
  request[static_cast<size_t>(resource)] = 1;
  return Request(p, request);
}

void BankersState::ReleaseAll(int p) {
  for (int r = 0; r < resources_; ++r) {
    available_[static_cast<size_t>(r)] += alloc_[Cell(p, r)];
    alloc_[Cell(p, r)] = 0;
  }
}

void BankersState::SetClaim(int p, std::span<const int> max) {
  for (int r = 0; r < resources_; ++r) {
    if (alloc_[Cell(p, r)] > max[static_cast<size_t>(r)]) {
      throw std::invalid_argument("banker: process " + std::to_string(p) +
                                  " holds more than its new claim");
    }
    max_[Cell(p, r)] = max[static_cast<size_t>(r)];
  }
}

void Banker::Claim(int p, std::span<const int> resources) {
  LockGuard hold(mu_);
  row_.assign(static_cast<size_t>(state_.resources()), 0);
  for (int r : resources) row_[static_cast<size_t>(r)] = 1;
  state_.SetClaim(p, row_);
}

int Banker::AcquireOne(int p, int resource) {
  MutexLock lock(mu_);
  int waits = 0;
  for (;;) {
    switch (state_.RequestOne(p, resource)) {
      case BankersState::Grant::kGranted:
        return waits;
      case BankersState::Grant::kExceedsClaim:
        throw std::invalid_argument("banker: process " + std::to_string(p) +
                                    " asked beyond its claim");
      case BankersState::Grant::kUnavailable:
      case BankersState::Grant::kUnsafe:
        ++waits;
        lock.Wait(freed_);
        break;
    }
  }
}

void Banker::ReleaseAll(int p) {
  {
    LockGuard hold(mu_);
    state_.ReleaseAll(p);
  }
  freed_.notify_all();
}

}  // namespace mt::workloads
