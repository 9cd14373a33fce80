// `mtbench run`: each scenario in its own child process with a time limit,
// output streamed and kept, run.json rewritten after every scenario.
#pragma once

#include <string>
#include <vector>

#include "harness/topology.h"

namespace mt::harness {

struct RunOptions {
  std::vector<std::string> scenarios;  // empty: all
  std::string filter = ".";
  std::vector<PinPolicy> pins{PinPolicy::kCompact};
  bool pins_given = false;  // --pin given: pinning-axis scenarios use only it
  bool quick = false;
  int repetitions = 1;
  bool random_interleaving = false;
  double timeout_seconds = 0;  // 0: 120 s quick, 900 s full
  std::string out_root = "results";
  std::string command_line;
};

// Runs the scenarios; returns 0 when all ran, 1 when one failed, crashed or
// timed out, 130 when interrupted (Ctrl-C). What was measured is kept.
int RunScenarios(const RunOptions& options, const std::string& self_exe);

}  // namespace mt::harness
