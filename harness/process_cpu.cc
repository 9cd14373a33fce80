// hwloc's last CPU location of another process's main thread.
#include "harness/process_cpu.h"

#include "harness/topology.h"

namespace mt::harness {

int LastCpuOfProcess(pid_t pid) {
  hwloc_bitmap_t set = hwloc_bitmap_alloc();
  int cpu = -1;
  if (hwloc_get_proc_last_cpu_location(Topology::Machine().raw(), pid, set,
                                       HWLOC_CPUBIND_THREAD) == 0) {
    cpu = hwloc_bitmap_first(set);
  }
  hwloc_bitmap_free(set);
  return cpu;
}

}  // namespace mt::harness
