// What `mtbench run` is about to do, before it does it: each scenario's
// benchmarks under the run's filter (asked of the scenario child itself, so
// the names are exactly those it would run; a --gbench binary's under its
// own filter, asked of the binary), and an estimate of its time
// from the last run in the same results folder or, without one, from its
// benchmark count. A filter that matches nothing is a usage error.
// Thread safety: call from one thread.
#pragma once

#include <string>
#include <vector>

#include "harness/runner.h"

namespace mt::harness {

struct PlannedScenario {
  std::string name;
  std::vector<std::string> benchmarks;  // as the filter selects them
  double estimate_seconds = 0;
  bool from_history = false;  // estimate from an earlier run's time
  std::string about;          // its question, or which binary it is
  const GbenchBinary* gbench = nullptr;  // a --gbench binary (in the options)
};

// Fills `plan` with the scenarios of `o` that have benchmarks to run, then
// its --gbench binaries; "" or what is wrong (a filter that matches no
// benchmark, a Google Benchmark flag the child or binary rejects), for a
// usage error.
std::string PlanRun(const RunOptions& o, const std::string& self,
                    std::vector<PlannedScenario>* plan);

// "about 3 min 20 s" / "about 40 s" / "under 10 s".
std::string DescribeSeconds(double seconds);

}  // namespace mt::harness
