// The one hook every workload that starts workers (threads, child processes,
// partners) offers its caller: run on each new worker before it does any
// work, e.g. to pin it and record where it runs. Workloads stay free of the
// harness; the harness's placement seam fits this type.
#pragma once

#include <functional>

namespace mt::workloads {

// Called on the new worker itself: on its thread, or in its child process
// right after fork (before exec, for a child that execs). `worker` is 0-based
// of the `workers` the workload starts in that batch; a replacement for a
// dead worker gets the index of the one it replaces. The hook may run in a
// child forked from a multithreaded process, so it must make system calls
// only (no allocation, no locks). Empty: nothing runs.
using OnWorkerStart = std::function<void(int worker, int workers)>;

inline void CallWorkerHook(const OnWorkerStart& hook, int worker, int workers) {
  if (hook) hook(worker, workers);
}

}  // namespace mt::workloads
