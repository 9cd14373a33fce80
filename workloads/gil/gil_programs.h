// Programs for the GIL emulator: interpreter threads running CPU-bound
// "bytecodes" under one Gil, and the same work in separate processes, each
// with its own Gil (multiprocessing).
#pragma once

#include <sys/types.h>

#include <atomic>
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "workloads/base/worker_hook.h"
#include "workloads/compute/compute.h"
#include "workloads/gil/gil.h"

namespace mt::workloads {

// One emulated bytecode: 10 compute steps, ~15 ns on a current x86 core, the
// order of a CPython bytecode (a `while n > 0: n -= 1` round is ~9 bytecodes
// in ~40 ns on CPython 3.11). Short units make the per-bytecode check and the
// tick policy's release every 100 bytecodes as frequent as in CPython.
inline constexpr std::uint64_t kStepsPerBytecode = 10;

inline std::uint64_t ExecuteBytecode(std::uint64_t seed) {
  return ComputeSeries(kStepsPerBytecode, seed);
}

// Thread safety: RunBytecodes and RunBytecodesUntil run on an interpreter
// thread that does not hold `gil` (each takes and drops it; ids as Gil says);
// RunCpuThreads from any thread not holding `gil`; RunInProcesses and
// RunCpuProcesses fork, so as said below.

// Interpreter thread `thread`: takes the GIL, runs `bytecodes` bytecodes with
// the eval-breaker check after each, drops it. Returns a checksum.
std::uint64_t RunBytecodes(Gil& gil, int thread, std::uint64_t bytecodes);

// The same until `stop` is seen (checked between bytecodes); returns how
// many bytecodes ran. Memory ordering: `stop` is read relaxed; it carries
// no data.
std::uint64_t RunBytecodesUntil(Gil& gil, int thread,
                                const std::atomic<bool>& stop);

// `threads` interpreter threads share `gil`, each running `bytecodes_each`,
// released together once all have started (thread t calls on_start(t,
// threads) first). Returns a checksum.
std::uint64_t RunCpuThreads(Gil& gil, int threads, std::uint64_t bytecodes_each,
                            const OnWorkerStart& on_start = {});

struct ProcessRun {
  std::vector<pid_t> pids;  // one per worker, in worker order
  bool ok = true;           // every child was started and exited 0
  std::string error;        // what went wrong when !ok
};

// Forks `processes` children; child `worker` calls on_start(worker,
// processes), runs body(worker), then _exit(0) (1 when either throws). Waits
// for every child, also when a fork fails (the children already started are
// killed and reaped). Call from a process with no other threads holding locks
// the children need (fork copies only the calling thread).
ProcessRun RunInProcesses(int processes, const std::function<void(int)>& body,
                          const OnWorkerStart& on_start = {});

// `processes` children, each with its own Gil running `bytecodes_each`.
ProcessRun RunCpuProcesses(int processes, std::uint64_t bytecodes_each,
                           const OnWorkerStart& on_start = {});

}  // namespace mt::workloads
