// The timed bodies of the switch scenario: a ping-pong pair placed on one PU
// or two (the placement recorded), and a fixed compute split across N
// threads with its context switches counted.
#pragma once

#include <benchmark/benchmark.h>

#include <cstdint>
#include <string>
#include <vector>

#include "harness/topology.h"
#include "workloads/io/pingpong.h"

namespace mt::scenarios {

// The partner runs as worker `partner` of `workers` under the pin policy:
// beside the caller on worker 0's PU (same_pu), or on the next PU (two_pus);
// under policy none both float (unpinned: a bimodal figure).
struct PairPlacement {
  const char* name;
  int workers;
  int partner;
};
std::vector<PairPlacement> PairPlacements(int pus, harness::PinPolicy pin);

// Round trips between the benchmark thread and a partner thread, each pinned
// by `pin` and `where`, both placements recorded under `name`; counters as
// OpIntervals reports them (lmbench-style median µs per round trip).
void TimeThreadPingPong(benchmark::State& state, const std::string& name,
                        workloads::ThreadPingPong::Kind kind,
                        harness::PinPolicy pin, PairPlacement where);
// The same between the benchmark thread and a forked partner process over
// pipes (lat_pipe); the partner pins itself in the child and reports.
void TimePipePingPong(benchmark::State& state, const std::string& name,
                      harness::PinPolicy pin, PairPlacement where);

// One iteration: create `tasks` gated threads sharing `steps` of
// ComputeSeries, release them, join; each thread pinned by `pin` as it
// starts (before the gate) and recorded under `name`. Counters (per
// iteration): create_ms, compute_ms (release to last join), voluntary_cs,
// involuntary_cs (the workers' context switches while computing:
// preemptions and blocks, not the switch that first runs a thread nor the
// one after it finished).
void TimeSplitCompute(benchmark::State& state, const std::string& name,
                      int tasks, std::uint64_t steps, harness::PinPolicy pin);

}  // namespace mt::scenarios
