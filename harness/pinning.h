// Binding threads and processes to the PU their pin policy plans, verifying
// the binding, and recording where each worker of a benchmark really ran.
#pragma once

#include <sys/types.h>

#include <map>
#include <string>
#include <utility>
#include <vector>

#include "harness/topology.h"

namespace mt::harness {

// Binds the calling thread as worker `worker` of `workers` for its lifetime
// and restores the previous binding on destruction.
// Thread safety: construct and destroy on the same thread.
class ScopedPin {
 public:
  ScopedPin(PinPolicy policy, int worker, int workers);
  ~ScopedPin();
  ScopedPin(const ScopedPin&) = delete;
  ScopedPin& operator=(const ScopedPin&) = delete;

  int pu() const { return pu_; }  // planned PU (os index), -1: none
  bool verified() const { return verified_; }  // binding read back equal
  int cpu_seen() const { return cpu_seen_; }   // sched_getcpu() after binding

 private:
  int pu_ = -1;
  bool verified_ = false;
  int cpu_seen_ = -1;
  hwloc_cpuset_t saved_ = nullptr;
};

// Binds process `pid` as worker `worker` of `workers`; returns the PU or -1
// (policy none, or the kernel refused).
int PinProcess(pid_t pid, PinPolicy policy, int worker, int workers);

// Where one worker of one benchmark ran.
struct WorkerPlacement {
  int pu = -1;        // planned PU (os index), -1 when unpinned
  int cpu_seen = -1;  // sched_getcpu() at the start of the worker
  bool verified = false;
};

struct BenchmarkPlacement {
  PinPolicy policy = PinPolicy::kNone;
  std::vector<WorkerPlacement> workers;  // indexed by worker
};

// Placements are keyed by the name a benchmark was registered under and its
// thread count; the last run of each (repetitions, iteration probes) wins.
using PlacementKey = std::pair<std::string, int>;

// Thread safety: all functions may be called concurrently.
void RecordPlacement(const std::string& benchmark, PinPolicy policy, int worker,
                     int workers, const ScopedPin& pin);
std::map<PlacementKey, BenchmarkPlacement> RecordedPlacements();

}  // namespace mt::harness
