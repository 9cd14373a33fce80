// A program whose benchmarks mtbench runs in supervised children: a Google
// Benchmark binary the user built (`mtbench run --gbench`, `mtbench ab`), or
// one scenario of an mtbench binary through its `child` verb (`mtbench ab
// --scenario`). Says what a path must be to be run as one, lists what its
// filter selects, and builds its command line and environment.
// Thread safety: const methods may be called from any thread.
#pragma once

#include <string>
#include <vector>

#include "harness/topology.h"

namespace mt::harness {

// How every process of a program runs its benchmarks.
struct ProgramSettings {
  int repetitions = 1;
  bool random_interleaving = false;
  std::string min_time;            // --benchmark_min_time; "": its default
  std::vector<std::string> flags;  // the user's Google Benchmark flags, last
  PinPolicy policy = PinPolicy::kCompact;
  bool quick = false;  // an mtbench scenario's --quick (smaller axes)
};

class BenchProgram {
 public:
  // A Google Benchmark binary at `path` (checked with CheckGbenchBinary).
  static BenchProgram Gbench(std::string path, ProgramSettings settings);
  // Scenario `scenario` of the mtbench binary at `path`.
  static BenchProgram MtbenchScenario(std::string path, std::string scenario,
                                      ProgramSettings settings);

  // The names of the benchmarks `filter` selects, in the order the program
  // runs them; "" or why they could not be listed (a flag the program
  // refuses, a program that fails).
  std::string List(const std::string& filter,
                   std::vector<std::string>* names) const;
  // The command line of one process: the benchmarks `filter` selects,
  // Google Benchmark's JSON to `json` (and an mtbench child's claims and
  // placements to `sidecar`), Google Benchmark's log at level 2 on stderr,
  // which names each benchmark as it starts.
  std::vector<std::string> Argv(const std::string& filter,
                                const std::string& json,
                                const std::string& sidecar) const;
  // NAME=value entries for its environment: libmtpin.so preloaded with the
  // pin plan for a Google Benchmark binary (an mtbench scenario places its
  // own threads); empty when the library is not built.
  std::vector<std::string> Environment() const;
  // The PUs the plan gives workers 0..PUs-1, in worker order; empty under
  // pin policy none.
  std::vector<int> PlannedPus() const;

  const std::string& path() const { return path_; }
  const std::string& scenario() const { return scenario_; }
  const ProgramSettings& settings() const { return settings_; }
  bool is_gbench() const { return scenario_.empty(); }

 private:
  BenchProgram(std::string path, std::string scenario, ProgramSettings s)
      : path_(std::move(path)),
        scenario_(std::move(scenario)),
        settings_(std::move(s)) {}
  std::string path_, scenario_;
  ProgramSettings settings_;
};

// "" when `path` can be run as a Google Benchmark binary; else what is wrong
// with it and what was expected: a path that is missing, not an executable
// file, or an ELF file whose symbol tables name nothing in namespace
// benchmark:: (a script, or any other program: never executed).
std::string CheckGbenchBinary(const std::string& path);

// Where libmtpin.so is, "" when it is not built.
std::string PinLibraryPath();

// A filter that selects exactly `names` (each escaped, anchored).
std::string ExactFilter(const std::vector<std::string>& names);

}  // namespace mt::harness
