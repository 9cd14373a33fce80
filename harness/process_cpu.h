// Where a process last ran, as hwloc reads it: the record for a process
// pinned by pid (Placement::PinProcess), which cannot report itself.
#pragma once

#include <sys/types.h>

namespace mt::harness {

// The OS index of the PU the main thread of `pid` last ran on (its other
// threads may have slept since before it was pinned), or -1 when it cannot
// be read. Thread safety: any thread.
int LastCpuOfProcess(pid_t pid);

}  // namespace mt::harness
