// Binding threads and processes to the PUs their pin policy plans, and
// verifying the binding. Where each worker ran is recorded by placement.h.
#pragma once

#include <sys/types.h>

#include <vector>

#include "harness/topology.h"

namespace mt::harness {

// What binding the calling thread did.
struct Bound {
  bool pinned = false;    // the kernel accepted the binding
  bool verified = false;  // the binding read back equal
  int cpu_seen = -1;      // sched_getcpu() right after binding
};

// Binds the calling thread to the PUs `pus` (OS indexes; empty: leaves the
// binding alone and only reads where it runs). Makes system calls only, with
// the CPU masks on the stack: safe in a child forked from a multithreaded
// process. PUs at or above kMaxBindableCpu cannot be bound (pinned false).
inline constexpr int kMaxBindableCpu = 8192;  // Linux's largest NR_CPUS
Bound BindCallingThread(const std::vector<int>& pus);

// Binds the calling thread as worker `worker` of `workers` (or to `pus`) for
// its lifetime and restores the previous binding on destruction.
// Thread safety: construct and destroy on the same thread.
class ScopedPin {
 public:
  ScopedPin(PinPolicy policy, int worker, int workers);
  explicit ScopedPin(std::vector<int> pus);
  ~ScopedPin();
  ScopedPin(const ScopedPin&) = delete;
  ScopedPin& operator=(const ScopedPin&) = delete;

  // Planned PU (os index) when bound to one or more, else -1.
  int pu() const { return pus().empty() ? -1 : pus_.front(); }
  // The PUs bound to; empty when unpinned (policy none, or refused).
  const std::vector<int>& pus() const {
    static const std::vector<int> kNone;
    return bound_.pinned ? pus_ : kNone;
  }
  bool verified() const { return bound_.verified; }
  int cpu_seen() const { return bound_.cpu_seen; }

 private:
  std::vector<int> pus_;
  Bound bound_;
  std::vector<unsigned char> saved_;  // the mask before; empty: none saved
};

// The PUs worker `worker` of `workers` gets under `policy`: one, or none
// under kNone.
std::vector<int> PlannedPus(PinPolicy policy, int worker, int workers);

// Binds every thread of process `pid` to `pus`, for a process that cannot
// bind itself (one already running another program). cpu_seen stays -1:
// the process moves when it next runs (see process_cpu.h).
Bound PinProcess(pid_t pid, const std::vector<int>& pus);

}  // namespace mt::harness
