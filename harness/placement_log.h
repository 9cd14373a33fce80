// The run's record of placements: where each worker of each benchmark ran,
// kept for the scenario child's results (run.json's `placements`).
// Thread safety: every function may be called concurrently.
#pragma once

#include <map>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "harness/pinning.h"
#include "harness/topology.h"

namespace mt::harness {

enum class WorkerKind { kThread, kProcess };
std::string_view WorkerKindName(WorkerKind kind);  // "thread", "process"

// Where one worker of one benchmark ran.
struct WorkerPlacement {
  std::vector<int>
      pus;            // the PUs it was bound to (os indexes); empty: unpinned
  int cpu_seen = -1;  // the CPU it ran on after binding; -1 when unknown
  bool verified = false;  // the binding read back equal
  WorkerKind kind = WorkerKind::kThread;
  std::string role = "worker";  // "worker", or a partner's part ("peer", ...)
};

struct BenchmarkPlacement {
  PinPolicy policy = PinPolicy::kNone;
  std::vector<WorkerPlacement> workers;  // indexed by worker
};

// Placements are keyed by the name a benchmark was registered under and its
// worker count; the last run of each (repetitions, iteration probes) wins.
using PlacementKey = std::pair<std::string, int>;
void RecordPlacement(const std::string& benchmark, PinPolicy policy, int worker,
                     int workers, WorkerPlacement placement);
// A benchmark thread pinned by AddPinned.
void RecordPlacement(const std::string& benchmark, PinPolicy policy, int worker,
                     int workers, const ScopedPin& pin);
std::map<PlacementKey, BenchmarkPlacement> RecordedPlacements();

}  // namespace mt::harness
