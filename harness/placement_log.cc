// The run's record of placements, under one mutex.
#include "harness/placement_log.h"

#include "workloads/base/mutex.h"
#include "workloads/base/thread_annotations.h"

namespace mt::harness {
namespace {

// Every benchmark thread and worker records its placement here, concurrently.
struct PlacementLog {
  workloads::Mutex mu;
  std::map<PlacementKey, BenchmarkPlacement> placements GUARDED_BY(mu);
};
PlacementLog& Log() {
  // Leaked on purpose: usable at any point of exit.
  static auto* log = new PlacementLog;
  return *log;
}

}  // namespace

std::string_view WorkerKindName(WorkerKind kind) {
  return kind == WorkerKind::kProcess ? "process" : "thread";
}

void RecordPlacement(const std::string& benchmark, PinPolicy policy, int worker,
                     int workers, WorkerPlacement placement) {
  PlacementLog& log = Log();
  workloads::LockGuard lock(log.mu);
  BenchmarkPlacement& p = log.placements[{benchmark, workers}];
  p.policy = policy;
  p.workers.resize(static_cast<size_t>(workers));
  p.workers[static_cast<size_t>(worker)] = std::move(placement);
}

void RecordPlacement(const std::string& benchmark, PinPolicy policy, int worker,
                     int workers, const ScopedPin& pin) {
  RecordPlacement(benchmark, policy, worker, workers,
                  {pin.pus(), pin.cpu_seen(), pin.verified()});
}

std::map<PlacementKey, BenchmarkPlacement> RecordedPlacements() {
  PlacementLog& log = Log();
  workloads::LockGuard lock(log.mu);
  return log.placements;
}

}  // namespace mt::harness
