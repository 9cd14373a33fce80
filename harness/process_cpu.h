// Where a process last ran, as hwloc reads it: the placement record for
// partner processes, which cannot report through a ScopedPin of their own.
#pragma once

#include <sys/types.h>

namespace mt::harness {

// The OS index of the PU `pid` last ran on, or -1 when it cannot be read.
// Thread safety: any thread (it reads the machine's topology, which is
// immutable once loaded).
int LastCpuOfProcess(pid_t pid);

}  // namespace mt::harness
