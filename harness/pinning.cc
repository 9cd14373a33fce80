// hwloc binding of threads and processes, read back to verify.
#include "harness/pinning.h"

#include <sched.h>

#include <mutex>

namespace mt::harness {
namespace {

std::mutex placements_mu;
std::map<PlacementKey, BenchmarkPlacement>& Placements() {
  static auto* placements = new std::map<PlacementKey, BenchmarkPlacement>;
  return *placements;
}

hwloc_cpuset_t SetOf(int pu) {
  hwloc_cpuset_t set = hwloc_bitmap_alloc();
  hwloc_bitmap_only(set, static_cast<unsigned>(pu));
  return set;
}

}  // namespace

ScopedPin::ScopedPin(PinPolicy policy, int worker, int workers) {
  const Topology& topo = Topology::Machine();
  std::optional<int> pu = topo.PuFor(policy, worker, workers);
  if (pu) {
    saved_ = hwloc_bitmap_alloc();
    hwloc_get_cpubind(topo.raw(), saved_, HWLOC_CPUBIND_THREAD);
    hwloc_cpuset_t want = SetOf(*pu);
    if (hwloc_set_cpubind(topo.raw(), want, HWLOC_CPUBIND_THREAD) == 0) {
      pu_ = *pu;
      hwloc_cpuset_t got = hwloc_bitmap_alloc();
      verified_ =
          hwloc_get_cpubind(topo.raw(), got, HWLOC_CPUBIND_THREAD) == 0 &&
          hwloc_bitmap_isequal(got, want);
      hwloc_bitmap_free(got);
    }
    hwloc_bitmap_free(want);
  }
  cpu_seen_ = sched_getcpu();
}

ScopedPin::~ScopedPin() {
  if (saved_ == nullptr) return;
  hwloc_set_cpubind(Topology::Machine().raw(), saved_, HWLOC_CPUBIND_THREAD);
  hwloc_bitmap_free(saved_);
}

int PinProcess(pid_t pid, PinPolicy policy, int worker, int workers) {
  const Topology& topo = Topology::Machine();
  std::optional<int> pu = topo.PuFor(policy, worker, workers);
  if (!pu) return -1;
  hwloc_cpuset_t set = SetOf(*pu);
  int rc = hwloc_set_proc_cpubind(topo.raw(), pid, set, HWLOC_CPUBIND_PROCESS);
  hwloc_bitmap_free(set);
  return rc == 0 ? *pu : -1;
}

void RecordPlacement(const std::string& benchmark, PinPolicy policy, int worker,
                     int workers, const ScopedPin& pin) {
  std::lock_guard<std::mutex> lock(placements_mu);
  BenchmarkPlacement& p = Placements()[{benchmark, workers}];
  p.policy = policy;
  p.workers.resize(static_cast<size_t>(workers));
  p.workers[static_cast<size_t>(worker)] = {pin.pu(), pin.cpu_seen(),
                                            pin.verified()};
}

std::map<PlacementKey, BenchmarkPlacement> RecordedPlacements() {
  std::lock_guard<std::mutex> lock(placements_mu);
  return Placements();
}

}  // namespace mt::harness
