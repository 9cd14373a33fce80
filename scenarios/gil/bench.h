// Benchmark bodies for the gil scenario: the GIL emulator's CPU-bound
// programs with their CPU use, an I/O thread's latency against CPU-bound
// threads, and the lock-handoff loops with their bare baselines.
#pragma once

#include <benchmark/benchmark.h>

#include <chrono>
#include <cstdint>
#include <string>
#include <vector>

#include "harness/topology.h"
#include "workloads/gil/gil.h"
#include "workloads/gil/gil_programs.h"

namespace mt::scenarios::gil {

// The I/O a thread waits for: a 1 ms sleep with the lock released, as
// time.sleep(0.001) in the CPython twin. Its latency is the time beyond the
// 1 ms until the thread runs bytecodes again.
inline constexpr std::chrono::microseconds kIoWait{1000};

// Every body below pins each worker it starts by `pin` and records it under
// `name` (harness/placement.h).

// Each iteration: `workers` interpreter threads under one Gil of `policy`
// (or, for per_process, that many processes) share `total_bytecodes`.
// Counters: work_s (wall per run), cpu_util (process CPU, children
// included, / wall / PUs), switches_per_s, forced_drops_per_s.
void BenchCpuBound(benchmark::State& state, const std::string& name,
                   workloads::GilPolicy policy, int workers,
                   std::uint64_t total_bytecodes, harness::PinPolicy pin);

// `cpu_threads` CPU-bound interpreter threads (ids and workers 0, 1, ...)
// and, when `io_thread`, an I/O thread (id cpu_threads) share `gil` for
// `run_for`. The I/O thread waits kIoWait with the lock released, then runs
// a bytecode, over and over. Each thread calls on_start(its id, threads)
// first. Returns the I/O thread's latencies (us), one per wait.
std::vector<double> RunMixedProgram(
    workloads::Gil& gil, int cpu_threads, bool io_thread,
    std::chrono::milliseconds run_for,
    const workloads::OnWorkerStart& on_start = {});

// One iteration: RunMixedProgram with the I/O thread. Counters: io_p50_us,
// io_p99_us, io_max_us, io_samples, switch_interval_us.
void BenchIoLatency(benchmark::State& state, const std::string& name,
                    workloads::GilPolicy policy, int cpu_threads,
                    std::chrono::microseconds switch_interval,
                    std::chrono::milliseconds run_for, harness::PinPolicy pin);

// The lock handing over between two threads: the emulator's forced switch
// ("gil"), a condition variable ("condvar"), a futex ("futex").
inline const std::vector<std::string> kHandoffKinds = {"gil", "condvar",
                                                       "futex"};
// One iteration: `handoffs` handoffs of `kind`. Counter: handoff_ns.
void BenchHandoff(benchmark::State& state, const std::string& name,
                  const std::string& kind, std::uint64_t handoffs,
                  harness::PinPolicy pin);

// Iterations are rounds of `handoffs` handoffs of every kind, the first kind
// rotating; counters <kind>_ns_min: the least ns per handoff of each kind
// over the rounds (mtbench's self-check reads these, steady under load).
void BenchHandoffRounds(benchmark::State& state, const std::string& name,
                        std::uint64_t handoffs, harness::PinPolicy pin);

// The p-th quantile (0 < p <= 1) by nearest rank: the smallest sample with
// at least p of all samples at or below it. Shared with the CPython twin,
// which computes it the same way. 0 for no samples.
double NearestRank(std::vector<double> samples, double p);

}  // namespace mt::scenarios::gil
