// What runs inside a scenario's child process: register the scenario's
// benchmarks, run them through Google Benchmark, judge its claims.
#pragma once

#include <string>
#include <vector>

#include "harness/claims.h"
#include "harness/topology.h"

namespace mt::harness {

// Everything the runner (and the hunt) tells a scenario child. This one type
// crosses the process boundary: ToArgs() writes the `mtbench child` command
// line and Parse() reads it back, so neither side spells the flags by hand.
// Thread safety: a plain value; Parse, ToArgs and Summarise share no state.
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
  // Google Benchmark flags passed through as they are (after `--` on
  // `mtbench run`), e.g. --benchmark_min_warmup_time=1.
  std::vector<std::string> benchmark_flags;
  // Only print "benchmark: NAME" for each benchmark the filter selects, run
  // nothing (the runner's plan: a filter that matches nothing, counts).
  bool list_only = false;

  // The arguments of `mtbench child` (without the binary and the verb).
  std::vector<std::string> ToArgs() const;
  // Reads what ToArgs() wrote; false with `error` set on anything else.
  static bool Parse(const std::vector<std::string>& args, ChildOptions* out,
                    std::string* error);
  bool operator==(const ChildOptions&) const = default;
};

// "compact,none" -> policies; "" or an error naming what is accepted.
std::string ParsePinList(const std::string& text, std::vector<PinPolicy>* pins);
std::string JoinPinList(const std::vector<PinPolicy>& pins);

// Runs in the child; returns its exit status (0 when the scenario ran).
// Thread safety: once per process, on its main thread: it registers the
// scenario's benchmarks in Google Benchmark's global registry and runs them
// (their threads are Google Benchmark's), then judges the claims on the same
// thread after every benchmark thread has finished.
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
