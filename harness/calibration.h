// Calibration: how much parallelism this machine delivers right now, measured
// at the start of a run so scaling claims can refuse a false verdict.
#pragma once

#include "harness/claims.h"
#include "harness/topology.h"

namespace mt::harness {

// Runs the same compute on one PU and on every PU (compact-pinned threads),
// three times, and reports the median speedup with the load average.
MachineFacts Calibrate(const Topology& topology, bool quick);

}  // namespace mt::harness
