// The run's record of placements, under one mutex.
#include "harness/placement_log.h"

#include <mutex>

namespace mt::harness {
namespace {

std::mutex placements_mu;
std::map<PlacementKey, BenchmarkPlacement>& Placements() {
  static auto* placements = new std::map<PlacementKey, BenchmarkPlacement>;
  return *placements;
}

}  // namespace

std::string_view WorkerKindName(WorkerKind kind) {
  return kind == WorkerKind::kProcess ? "process" : "thread";
}

void RecordPlacement(const std::string& benchmark, PinPolicy policy, int worker,
                     int workers, WorkerPlacement placement) {
  std::lock_guard<std::mutex> lock(placements_mu);
  BenchmarkPlacement& p = Placements()[{benchmark, workers}];
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
  std::lock_guard<std::mutex> lock(placements_mu);
  return Placements();
}

}  // namespace mt::harness
