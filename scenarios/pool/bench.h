// Measuring pools of workers: the sizes worth trying, a closed loop that
// keeps a pool busy and times every task, and the analysis of throughput
// against pool size (best size, Goetz's rule, a USL fit).
#pragma once

#include <benchmark/benchmark.h>
#include <sys/types.h>

#include <cstdint>
#include <functional>
#include <future>
#include <map>
#include <string>
#include <utility>
#include <vector>

#include "harness/claims.h"
#include "harness/topology.h"

namespace mt::scenarios::pool {

using harness::Results;
using harness::Topology;

// Thread safety: RunInline and RunClosedLoop run on the benchmark's one
// thread (the pool's workers are the parallelism); the rest are pure.

// Pool sizes from the topology: powers of two up to `max`, the core count,
// the PU count and 2, 3, 4 x PUs (the ones <= max), sorted and unique.
std::vector<int> PoolSizes(const Topology& topology, int max);

// Now on CLOCK_MONOTONIC in ns: one clock for every thread and process, so
// a task can stamp its end in a worker process and the caller compare.
std::uint64_t MonotonicNs();

// Steps of workloads::ComputeSeries that take `us` microseconds here (the
// fastest of a few probes, the least disturbed by other load).
std::uint64_t ComputeStepsFor(double us);

// Submits one task; its future holds the task's end time (MonotonicNs()).
using SubmitTask = std::function<std::future<std::uint64_t>()>;

// One benchmark iteration is one task completed, with `window` tasks kept
// in flight (submitted in order, awaited oldest first), after an untimed
// warm-up of one window. Sets
// items_per_second (tasks/s) and counters p50_us, p99_us (submit to the end
// of the task) and cpu_util: CPU time of this process and of `workers`
// (worker processes, read from their CPU clocks) over wall time x `pus`.
// A task's exception skips the benchmark with its message.
void RunClosedLoop(benchmark::State& state, int window,
                   const SubmitTask& submit, const std::vector<pid_t>& workers,
                   int pus);

// Runs `task` alone on the benchmark thread, one per iteration, to measure
// Goetz's C and W: counters c_us (its CPU time per task) and runq_us (time
// it sat runnable waiting for a PU, from /proc/thread-self/schedstat; 0
// when the kernel does not keep it), so W = wall - c_us - runq_us is the
// time it truly waited, even on a loaded machine.
void RunInline(benchmark::State& state, const std::function<void()>& task);

// One pool size's figures, as the claims and analyses read them.
struct SizePoint {
  int size = 0;
  double tasks_per_s = 0;
  double cpu_util = 0;
};
using SizeCurve = std::vector<SizePoint>;

// Every benchmark named <prefix>size:<N>..., by size; throws
// MissingMeasurement when there is none.
SizeCurve CurveBySize(const Results& results, const std::string& prefix);
// Position of `size` in the measured sweep; MissingMeasurement if absent.
std::size_t StepOf(const SizeCurve& curve, int size);
// " 1:9249 2:14701 ...": tasks/s by size, for a claim's numbers.
std::string Describe(const SizeCurve& curve);

// Comparing sizes is fair only if each had the machine: "" when every size
// >= `from_size` kept >= `min_util` of the PUs busy (cpu_util), else why
// not (other load took the PUs, and more workers merely won a larger share).
std::string UnfairComparison(const SizeCurve& curve, int from_size,
                             double min_util = 0.8);
// Best tasks/s at sizes above `size` over tasks/s at `size`.
double GainBeyond(const SizeCurve& curve, int size);

// The smallest size whose tasks/s is within `tolerance` of the best: more
// workers than that buy nothing measurable.
int KneeSize(const SizeCurve& curve, double tolerance = 0.05);

// The figures side by side for one pool over one kind of task: best_size
// (most tasks/s), knee_size, Goetz's N = pus x (1 + W/C) with W and C (µs)
// taken from `inline_name` (a RunInline benchmark), and the USL fit (usl_sigma,
// usl_kappa, usl_peak_n when kappa > 0, usl_rms_err). Throws MissingMeasurement
// when unmeasured.
std::map<std::string, double> AnalysePoolSizes(const Results& results,
                                               const std::string& prefix,
                                               const std::string& inline_name,
                                               int pus);

}  // namespace mt::scenarios::pool
