// Runs a program's benchmarks in supervised children so that one benchmark
// that crashes or hangs costs only itself: each process has the time limit;
// when one dies, the benchmark it had started (Google Benchmark's log names
// it) is recorded with the reason, and a new process runs those not yet
// finished. What `mtbench run --gbench` and `mtbench ab` do with each
// program. Thread safety: call from one thread.
#pragma once

#include <map>
#include <nlohmann/json.hpp>
#include <ostream>
#include <string>
#include <vector>

#include "harness/bench_program.h"
#include "harness/supervised_child.h"

namespace mt::harness {

// A benchmark whose process died (or never reported it).
struct BenchmarkFailure {
  std::string benchmark;  // Google Benchmark's name, e.g. BM_Hang
  std::string status;     // crashed, timed out, failed, not reported
  std::string reason;
};

// Where one thread of a benchmark was placed (a line of libmtpin.so).
struct ThreadPlacement {
  int pu = -1;
  int cpu = -1;
  bool verified = false;
};

struct ProgramRun {
  nlohmann::json benchmarks = nlohmann::json::array();  // complete entries
  nlohmann::json context;  // Google Benchmark's, from the first process
  std::vector<BenchmarkFailure> failures;
  // Each benchmark's threads by worker slot, from its last run.
  std::map<std::string, std::vector<ThreadPlacement>> placements;
  bool pin_library_loaded = false;  // libmtpin.so said it was there
  int processes = 0;
  // The first failure's outcome, or the last process's; "interrupted" when
  // Ctrl-C stopped it.
  ChildOutcome outcome;
  double wall_seconds = 0;
};

// Runs `names` (as BenchProgram::List gave them) of `program`, each process
// under `timeout_s` with its output copied to `console` and `log` (without
// the log and placement lines, which the runner reads itself). Each
// process's JSON goes to `json_prefix`.N.json (its sidecar .N.sidecar.json).
ProgramRun RunProgram(const BenchProgram& program,
                      const std::vector<std::string>& names, double timeout_s,
                      std::ostream* console, std::ostream* log,
                      const std::string& json_prefix);

// What one process's output says: the benchmark that started last, each
// benchmark's thread placements, whether libmtpin.so loaded. Exposed for
// tests.
struct OutputFacts {
  std::string last_started;
  std::map<std::string, std::vector<ThreadPlacement>> placements;
  bool pin_library_loaded = false;
};
OutputFacts ReadOutput(const std::string& output);

// Whether a line of a program's output is the runner's to read, not the
// user's to see (Google Benchmark's log, libmtpin.so's reports).
bool IsMachineLine(const std::string& line);

}  // namespace mt::harness
