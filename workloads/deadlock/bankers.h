// Dijkstra's banker's algorithm, the seeds' "avoid deadlock by design": each
// process declares its maximum claim; a request is granted only if, after
// it, every process could still obtain its claim and finish in some order.
#pragma once

#include <condition_variable>
#include <span>
#include <vector>

#include "workloads/base/mutex.h"
#include "workloads/base/thread_annotations.h"

namespace mt::workloads {

// The algorithm on a state, with no threads: the textbook's matrices.
// Thread safety: none (Banker below adds it).
class BankersState {
 public:
  // `available[r]`: free units of resource r; `max[p][r]`: process p's
  // claim; `allocation[p][r]`: what p holds now. Throws
  // std::invalid_argument when the shapes disagree or a process holds more
  // than it claimed.
  BankersState(std::vector<int> available,
               const std::vector<std::vector<int>>& max,
               const std::vector<std::vector<int>>& allocation);
  // No process holds or claims anything.
  BankersState(std::vector<int> available, int processes);

  // Safe: some order lets every process obtain its whole claim and finish.
  // `order`, if given, receives one such order.
  bool IsSafe(std::vector<int>* order = nullptr) const;

  enum class Grant { kGranted, kExceedsClaim, kUnavailable, kUnsafe };
  // Grants `request` to `p` (the state changes) only when it is within p's
  // remaining claim, available, and leaves the state safe.
  Grant Request(int p, std::span<const int> request);
  Grant RequestOne(int p, int resource);
  void ReleaseAll(int p);
  // Declares p's claim; p must hold nothing it does not claim.
  void SetClaim(int p, std::span<const int> max);

  int processes() const { return processes_; }
  int resources() const { return resources_; }
  int available(int r) const { return available_[static_cast<size_t>(r)]; }
  int allocation(int p, int r) const { return alloc_[Cell(p, r)]; }

 private:
  size_t Cell(int p, int r) const {
    return static_cast<size_t>(p) * static_cast<size_t>(resources_) +
           static_cast<size_t>(r);
  }

  int processes_, resources_;
  std::vector<int> available_;
  std::vector<int> max_, alloc_;  // processes x resources, row-major
};

// A blocking banker for threads: each worker is one process.
// Thread safety: any thread; process p used by one thread at a time.
class Banker {
 public:
  Banker(std::vector<int> available, int processes)
      : state_(std::move(available), processes) {}
  // Declares that p will need one unit of each of `resources` (p holds
  // nothing).
  void Claim(int p, std::span<const int> resources);
  // Blocks until one unit of `resource` can be granted to p safely; returns
  // how many times it had to wait. Throws std::invalid_argument beyond p's
  // claim (waiting would never end).
  int AcquireOne(int p, int resource);
  void ReleaseAll(int p);

 private:
  Mutex mu_;
  std::condition_variable freed_;
  BankersState state_ GUARDED_BY(mu_);
  std::vector<int> row_ GUARDED_BY(mu_);  // scratch for Claim
};

}  // namespace mt::workloads
