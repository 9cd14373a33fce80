// What runs inside a scenario's child process: register the scenario's
// benchmarks, run them through Google Benchmark, judge its claims.
#pragma once

#include <string>
#include <vector>

#include "harness/claims.h"
#include "harness/topology.h"

namespace mt::harness {

struct ChildOptions {
  std::string scenario;
  std::string filter = ".";  // POSIX extended regex over benchmark names
  std::vector<PinPolicy> pins{PinPolicy::kCompact};
  bool pins_given = false;
  bool quick = false;
  int repetitions = 1;
  bool random_interleaving = false;
  std::string benchmark_json;  // Google Benchmark's JSON goes here
  std::string sidecar_json;    // claims, placements and errors go here
  MachineFacts facts;
};

// Runs in the child; returns its exit status (0 when the scenario ran).
int RunScenarioChild(const ChildOptions& options);

// Medians over the repetitions of each benchmark, as claims read them.
// Exposed for tests.
struct RunSample {
  std::string name;
  int threads = 1;
  double real_ns = 0;
  double cpu_ns = 0;
  std::map<std::string, double> counters;
};
Results Summarise(const std::vector<RunSample>& samples);

}  // namespace mt::harness
