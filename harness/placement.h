// The one placement seam: every worker a benchmark runs (its own threads,
// threads and processes a workload starts, partners) is pinned by the run's
// policy, and its planned PUs and the CPU it ran on go into run.json's
// `placements` (placement_log.h).
#pragma once

#include <sys/types.h>

#include <memory>
#include <string>
#include <vector>

#include "harness/pinning.h"
#include "harness/placement_log.h"
#include "harness/topology.h"
#include "workloads/base/worker_hook.h"

namespace mt::harness {

// One run of one benchmark's workers: plans each worker's PUs, pins each as
// it starts and records where it ran when Record() runs (and on
// destruction). Workers that report from a child process write to memory
// shared with this process, so their records reach run.json too.
// Thread safety: Hook()'s function, PinCaller and PinProcess from any
// thread; Record from one. The Placement must outlive the threads its hooks
// run on (a child process may outlive it: its report is then lost).
class Placement {
 public:
  // Per worker, the PUs it is planned on ({}: unpinned).
  using Plan = std::vector<std::vector<int>>;
  // Worker i of `workers` on the PU `policy` gives it.
  Placement(std::string benchmark, PinPolicy policy, int workers);
  // An explicit plan: partners sharing a PU on purpose, a process given the
  // PUs of several workers (PusOf).
  Placement(std::string benchmark, PinPolicy policy, Plan plan);
  ~Placement();
  Placement(const Placement&) = delete;
  Placement& operator=(const Placement&) = delete;

  // The PUs of workers [first, first + count) of `workers`, sorted, unique.
  static std::vector<int> PusOf(PinPolicy policy, int first, int count,
                                int workers);

  // The hook for workloads: pins the calling thread (a new thread, or a
  // new child process right after fork) as worker `first + worker` and
  // reports its binding and CPU. A process's main thread (a forked child)
  // counts as a process, any other thread as a thread. `role` (here and
  // below) must be a string literal: a child reports its address.
  workloads::OnWorkerStart Hook(int first = 0,
                                const char* role = "worker") const;
  // Pins the calling thread as worker `worker` until the pin is destroyed
  // (the benchmark thread as the partner of its workers), reported as a
  // thread.
  std::unique_ptr<ScopedPin> PinCaller(int worker, const char* role) const;
  // Pins every thread of `pid` as worker `worker` (a process that cannot pin
  // itself, or one shared by several benchmarks); Record() reads where it
  // last ran, so call Record() while it lives.
  void PinProcess(pid_t pid, int worker, const char* role);
  // Records what every worker reported so far; idempotent. A worker that
  // never reported is recorded with cpu -1.
  void Record();

  int workers() const { return static_cast<int>(plan_.size()); }

 private:
  struct Slot;
  void Report(int worker, const Bound& bound, WorkerKind kind, const char* role,
              pid_t pid) const;

  std::string benchmark_;
  PinPolicy policy_;
  Plan plan_;
  pid_t owner_;  // the process that made it: others report as children
  Slot* slots_;  // one per worker, in memory shared with forked children
};

}  // namespace mt::harness
