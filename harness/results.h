// results/<run>/run.json: Google Benchmark's JSON from every scenario child,
// merged, with the mtbench block in its context (results/README.md).
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "harness/claims.h"
#include "harness/run_folder.h"
#include "harness/topology.h"

namespace mt::harness {

// Thread safety: values and pure functions; any thread (the runner calls them
// from its main thread after each child).

// How one scenario's child ended.
struct ScenarioRecord {
  std::string name;
  std::string status = "skipped";  // ok, failed, crashed, timed out, ...
  std::string reason;              // empty when ok
  double wall_seconds = 0;
  std::string benchmark_json;  // the child's Google Benchmark JSON
  std::string sidecar_json;    // the child's claims and placements
};

// Facts about the run as a whole, for the mtbench context block.
struct RunFacts {
  std::string started;  // ISO 8601, local time
  std::string command_line;
  std::vector<PinPolicy> pins;
  bool quick = false;
  int repetitions = 1;
  MachineFacts machine;
  TopologySummary topology;
};

// Builds run.json from what the children left, including partial output of
// a child that crashed mid-scenario.
nlohmann::json MergeRun(const RunFacts& facts,
                        const std::vector<ScenarioRecord>& scenarios);
// Google Benchmark's JSON cut short by a crash, closed after its last
// complete benchmark entry; the text unchanged when already complete. NaN and
// Infinity (which Google Benchmark writes, JSON has not) become null.
std::string CloseTruncatedBenchmarkJson(const std::string& text);

}  // namespace mt::harness
