// The gil scenario's claim checks and derived figures, read from its
// results. Benchmark families (a name up to its axes): "gil/cpu/<policy>",
// "gil/cpython/cpu/<threads|processes>" (axis workers:N),
// "gil/io_latency/<policy>", "gil/cpython/io_latency" (axes cpu_threads:N,
// interval_us:US), "gil/handoff/<gil|condvar|futex>".
#pragma once

#include <array>
#include <string>
#include <vector>

#include "harness/claims.h"
#include "harness/scenario.h"

namespace mt::scenarios::gil {

inline constexpr int kSwitchUs = 5000;  // CPython's default switch interval
// The switch-interval axis, measured against one CPU-bound thread.
inline constexpr std::array<int, 3> kIntervalsUs = {1000, kSwitchUs, 20'000};

// Wall time of `family` on 1 worker over that on `workers` (same total
// work). Throws MissingMeasurement when either was not measured.
double CpuSpeedup(const harness::Results& r, const std::string& family,
                  int workers);
double CpuUtil(const harness::Results& r, const std::string& family,
               int workers);
const harness::Measurement& IoLatency(const harness::Results& r,
                                      const std::string& family,
                                      int cpu_threads, int interval_us);

// Claims (see scenarios/gil.cc for their sentences and checks).
harness::Outcome ThreadsDoNotScale(const harness::Results& r);
harness::Outcome ProcessesScale(const harness::Results& r);
harness::Outcome SpinnersUseOnePu(const harness::Results& r);
harness::Outcome IntervalBoundsLatency(const harness::Results& r);
harness::Outcome TickDoesNotBound(const harness::Results& r);
harness::Outcome HandoffIsCheap(const harness::Results& r);

// "scaling" (speedup, CPU use, switches and forced drops per second by
// policy and workers), "io_latency" (p50/p99 by policy and competitors) and
// the CPython rows, each "not measured" on its own when Python is missing.
std::vector<harness::Analysis> Analyses();

}  // namespace mt::scenarios::gil
