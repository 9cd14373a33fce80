// hwloc binding of threads and processes, read back to verify.
#include "harness/pinning.h"

#include <sched.h>

#include "workloads/base/mutex.h"
#include "workloads/base/thread_annotations.h"

namespace mt::harness {
namespace {

// Every benchmark thread records its placement here, concurrently.
struct PlacementLog {
  workloads::Mutex mu;
  std::map<PlacementKey, BenchmarkPlacement> placements GUARDED_BY(mu);
};
PlacementLog& Log() {
  // Leaked on purpose: usable at any point of exit.
  static auto* log = new PlacementLog;
  return *log;
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
  PlacementLog& log = Log();
  workloads::LockGuard lock(log.mu);
  BenchmarkPlacement& p = log.placements[{benchmark, workers}];
  p.policy = policy;
  p.workers.resize(static_cast<size_t>(workers));
  p.workers[static_cast<size_t>(worker)] = {pin.pu(), pin.cpu_seen(),
                                            pin.verified()};
}

std::map<PlacementKey, BenchmarkPlacement> RecordedPlacements() {
  PlacementLog& log = Log();
  workloads::LockGuard lock(log.mu);
  return log.placements;
}

}  // namespace mt::harness
