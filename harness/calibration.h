// Calibration: how much parallelism this machine delivers right now, measured
// at the start of a run so scaling claims can refuse a false verdict.
#pragma once

#include "harness/claims.h"
#include "harness/topology.h"

namespace mt::harness {

// Runs the same compute on one PU and on every PU (compact-pinned threads),
// three times, and reports the median speedup with the load average.
// Thread safety: from one thread, while nothing else of ours runs (the runner
// calls it before any scenario): it starts, pins and joins its own threads,
// and anything running beside it would be measured as the machine's load.
MachineFacts Calibrate(const Topology& topology, bool quick);

}  // namespace mt::harness
