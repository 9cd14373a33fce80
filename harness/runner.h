// `mtbench run`: each scenario in its own child process with a time limit,
// output streamed and kept, run.json rewritten after every scenario.
#pragma once

#include <string>
#include <vector>

#include "harness/child.h"
#include "harness/gbench.h"

namespace mt::harness {

struct RunOptions {
  std::vector<std::string> scenarios;  // empty: all
  // The user's Google Benchmark binaries (--gbench), each run as a scenario
  // is, after the scenarios.
  std::vector<GbenchBinary> gbench;
  // What every scenario child is told; the runner fills in the scenario, its
  // files and the machine facts for each.
  ChildOptions child;
  double timeout_seconds = 0;  // 0: 120 s quick, 900 s full
  std::string out_root = "results";
  std::string command_line;
  bool strict = false;   // a claim that fails makes the exit status 1 too
  bool report = false;   // write report.html/.md at the end (scripts/)
  std::string csv_path;  // also write the results as CSV here
};

// Runs the scenarios; returns 0 when all ran (whatever their claims say), 1
// when one failed, crashed or timed out (or, with `strict`, a claim failed),
// 2 on a usage error found before anything ran (a filter that matches
// nothing), 130 when interrupted (Ctrl-C). What was measured is kept.
// Thread safety: on the main thread, one run at a time: it catches SIGINT and
// SIGTERM (interrupt.h), forks one child per scenario and owns the run folder.
int RunScenarios(const RunOptions& options, const std::string& self_exe);

}  // namespace mt::harness
