// `mtbench ab BASE NEW`: two builds of one benchmark program run alternately,
// round by round, on the same pinned PUs within the same minutes, in a
// seeded random order within each round, so that whatever the machine does
// meanwhile falls on both. The rounds go to <out>/ab/<run>/ab_rounds.json;
// scripts/ab.py judges the paired ratios NEW/BASE of each benchmark and
// writes ab.json, the table, the plot and the report.
// Thread safety: call from one thread.
#pragma once

#include <cstdint>
#include <string>

#include "harness/bench_program.h"

namespace mt::harness {

struct AbOptions {
  std::string base_path, new_path;
  std::string scenario;  // set: BASE and NEW are mtbench binaries
  std::string filter = ".";
  int rounds = 0;  // 0: as many as fit in time_seconds
  // Three minutes: 25-50 rounds of a small binary on the shared 2-vCPU
  // machine this was built on (README, the fire drill), enough for the
  // median's interval to resolve a few percent, and within what a check
  // before a merge can spend.
  double time_seconds = 180;
  int min_rounds = 10;           // a 99 % interval needs 8 (the sign test)
  double threshold = 0.03;       // a slowdown smaller than this is no verdict
  double confidence = 0.99;      // of the interval of each median ratio
  std::uint64_t seed = 0;        // the order within rounds
  ProgramSettings settings;      // repetitions stay 1: a round is a sample
  double timeout_seconds = 120;  // each process
  std::string out_root = "results";
  std::string command_line;
};

// Runs the rounds and then scripts/ab.py; returns its exit status (0 no
// benchmark slower, 1 one slower beyond the threshold with significance),
// 2 on bad input found before anything ran (a program that is not a Google
// Benchmark binary, or not an mtbench binary with the scenario; a filter
// both builds match nothing with), 130 when interrupted (the rounds so far
// are judged).
int RunAb(const AbOptions& options);

}  // namespace mt::harness
