// One --gbench binary as a record of `mtbench run`: its benchmarks run in
// supervised processes (bench_attempts.h), then the two files a scenario
// child leaves (Google Benchmark's JSON and the sidecar with placements,
// errors and notes), so run.json merges it as it merges a scenario.
// Thread safety: call from one thread.
#pragma once

#include <ostream>
#include <string>
#include <vector>

#include "harness/bench_program.h"
#include "harness/child.h"
#include "harness/gbench.h"
#include "harness/supervised_child.h"

namespace mt::harness {

// What a run's options mean for a binary: the first pin policy, repetitions,
// random interleaving, --quick as a 50 ms minimum time, the flags after --.
ProgramSettings GbenchSettings(const ChildOptions& run_child);

// Runs `benchmarks` (as listed by the plan) of `binary`; writes
// `benchmark_json` with every name prefixed "<binary name>/" and
// `sidecar_json`; returns how it ended: "ok", or the first failure (the
// reason names the benchmark; the others still ran).
ChildOutcome RunGbenchRecord(const GbenchBinary& binary,
                             const std::vector<std::string>& benchmarks,
                             const ProgramSettings& settings, double timeout_s,
                             std::ostream* console, std::ostream* log,
                             const std::string& benchmark_json,
                             const std::string& sidecar_json);

}  // namespace mt::harness
