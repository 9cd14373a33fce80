// Binding with sched_setaffinity (threads: async-signal-safe, so usable right
// after fork) and hwloc (every thread of another process), read back.
#include "harness/pinning.h"

#include <sched.h>

#include <cstring>

namespace mt::harness {
namespace {

// Room for kMaxBindableCpu CPUs: 1 KiB, on the stack.
constexpr std::size_t kMaskBytes = CPU_ALLOC_SIZE(kMaxBindableCpu);
// Zeroed: sched_getaffinity writes only the kernel's mask size.
struct Mask {
  alignas(cpu_set_t) unsigned char bytes[kMaskBytes] = {};
  cpu_set_t* set() { return reinterpret_cast<cpu_set_t*>(bytes); }
};

// False when a PU is out of the mask's range (nothing can bind it).
bool Fill(const std::vector<int>& pus, Mask* m) {
  CPU_ZERO_S(kMaskBytes, m->set());
  for (int pu : pus) {
    if (pu < 0 || pu >= kMaxBindableCpu) return false;
    CPU_SET_S(static_cast<std::size_t>(pu), kMaskBytes, m->set());
  }
  return true;
}

}  // namespace

Bound BindCallingThread(const std::vector<int>& pus) {
  Bound b;
  Mask want, got;
  if (!pus.empty() && Fill(pus, &want) &&
      sched_setaffinity(0, kMaskBytes, want.set()) == 0) {
    b.pinned = true;
    b.verified = sched_getaffinity(0, kMaskBytes, got.set()) == 0 &&
                 CPU_EQUAL_S(kMaskBytes, want.set(), got.set());
  }
  b.cpu_seen = sched_getcpu();
  return b;
}

std::vector<int> PlannedPus(PinPolicy policy, int worker, int workers) {
  std::optional<int> pu = Topology::Machine().PuFor(policy, worker, workers);
  return pu ? std::vector<int>{*pu} : std::vector<int>{};
}

ScopedPin::ScopedPin(PinPolicy policy, int worker, int workers)
    : ScopedPin(PlannedPus(policy, worker, workers)) {}

ScopedPin::ScopedPin(std::vector<int> pus) : pus_(std::move(pus)) {
  if (!pus_.empty()) {
    Mask before;
    if (sched_getaffinity(0, kMaskBytes, before.set()) == 0) {
      saved_.assign(before.bytes, before.bytes + kMaskBytes);
    }
  }
  bound_ = BindCallingThread(pus_);
}

ScopedPin::~ScopedPin() {
  if (saved_.empty() || !bound_.pinned) return;
  Mask before;
  std::memcpy(before.bytes, saved_.data(), kMaskBytes);
  sched_setaffinity(0, kMaskBytes, before.set());
}

Bound PinProcess(pid_t pid, const std::vector<int>& pus) {
  Bound b;
  if (pus.empty()) return b;
  hwloc_topology_t topo = Topology::Machine().raw();
  hwloc_bitmap_t want = hwloc_bitmap_alloc(), got = hwloc_bitmap_alloc();
  for (int pu : pus) hwloc_bitmap_set(want, static_cast<unsigned>(pu));
  // HWLOC_CPUBIND_PROCESS: every thread of it, not just its first.
  b.pinned =
      hwloc_set_proc_cpubind(topo, pid, want, HWLOC_CPUBIND_PROCESS) == 0;
  b.verified =
      b.pinned &&
      hwloc_get_proc_cpubind(topo, pid, got, HWLOC_CPUBIND_PROCESS) == 0 &&
      hwloc_bitmap_isequal(want, got);
  hwloc_bitmap_free(want);
  hwloc_bitmap_free(got);
  return b;
}

}  // namespace mt::harness
