// Pools whose worker crashes with SIGSEGV mid-task, for the `isolation`
// scenario: worker processes (the master reaps the dead one, retries or
// fails its task, forks a replacement) against worker threads (the crash
// ends their whole process, seen by a parent that restarts it).
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "workloads/base/worker_hook.h"

namespace mt::workloads {

enum class CrashPolicy {
  kRetry,         // the crashed task is handed to another worker
  kReportFailed,  // the crashed task is reported failed
};

// What the caller hears, on its own thread, as it happens.
enum class CrashEvent {
  kCrashObserved,  // the master (or parent) saw the crash
  kRecovered,      // the crashed task is accounted for, the pool whole again
};

struct CrashRunOptions {
  int workers = 2;
  int tasks = 16;
  int crash_task = 3;  // crashes its worker on the first attempt; -1: none
  std::uint64_t steps = 10000;               // ComputeSeries steps per task
  CrashPolicy policy = CrashPolicy::kRetry;  // process pool only
  std::function<void(CrashEvent)> on_event{};
  // Runs on each worker first: in a worker process (a replacement gets the
  // index of the one it replaces), or on a thread of the pool's process.
  OnWorkerStart on_worker_start{};
};

struct CrashReport {
  std::int64_t done = 0;     // tasks whose result arrived
  std::int64_t failed = 0;   // reported failed (kReportFailed)
  std::int64_t lost = 0;     // neither done nor reported: silently gone
  std::int64_t crashes = 0;  // workers or pool processes killed by a signal
  int crash_signal = 0;      // the signal that killed the last one
  // Tasks that were not done when the crash was seen: with processes only
  // the crashed task; with threads, every task the process had left.
  std::int64_t unfinished_at_crash = 0;
  std::vector<std::uint64_t> results{};  // by task; 0 where none arrived
  std::string error;                     // why the run could not happen
};

// Thread safety: each run forks; call it while the caller has one thread (or
// none holding a lock the children need). `on_event` runs on the caller's
// thread.

// The result task `task` must have: ComputeSeries(steps, task + 1).
std::uint64_t ExpectedResult(const CrashRunOptions& options, int task);

// The calling thread is the master: it forks `workers` processes, hands each
// one task at a time over a socket pair, and on a worker's death reaps it,
// retries or fails its task, and forks a replacement.
CrashReport RunProcessPool(const CrashRunOptions& options);

// A pool of `workers` threads in a forked child process: the crash kills
// the child with all its threads. The caller, its parent, observes the
// signal and restarts the pool on the tasks that were not done.
CrashReport RunThreadPoolInChild(const CrashRunOptions& options);

}  // namespace mt::workloads
