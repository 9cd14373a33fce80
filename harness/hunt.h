// `mtbench hunt`: runs a program built with ThreadSanitizer many times under
// perturbed schedules, each run with its own environment, time limit and
// folder; every failure (TSan report, assertion, crash, exit status, hang)
// is a finding, deduplicated across runs into results/<run>/races.json.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "harness/hunt_hang.h"
#include "harness/hunt_plan.h"

namespace mt::harness {

// What is hunted: a user's program, or one scenario's benchmarks run in
// this mtbench's scenario child.
struct HuntTarget {
  std::string name;               // folder and table name
  std::string type;               // "program" or "scenario"
  std::string filter;             // scenario: the benchmarks hunted
  std::vector<std::string> args;  // program: its arguments (not its path)
  // The command line of a run whose folder is `folder` (absolute).
  std::function<std::vector<std::string>(const std::string& folder)> argv;
};

struct HuntOptions {
  int runs = 20;             // over all shards; 0: only time bounds it
  double time_seconds = 0;   // the whole hunt's budget; 0: none
  bool until_found = false;  // a target stops at its first finding
  std::string strategy = "none";
  bool strategy_defaulted = false;  // not given: chosen by what is built
  std::string scheduler_library;    // for pct and random
  // pct, random: mean microseconds between the scheduler's timer
  // preemptions (interleaves lock-free code; runs then replay only
  // approximately); 0: off.
  long preempt_us = 0;
  Shard shard;
  double timeout_seconds = 60;  // per run; then it is a hang
  double hang_quiet_seconds = kHangQuietSeconds;
  std::uint64_t seed = 0;  // 0: drawn at random, and recorded
  std::string out_root = "results";
  bool link_latest = false;  // out_root/latest -> this hunt (--out given)
  std::string suppressions;  // TSan suppressions file, or ""
  std::string tsan_options;  // extra TSAN_OPTIONS, applied last
  std::string command_line;
};

// Runs every target within the budget; returns 0 when nothing was found, 1
// when something was, 2 when a program could not be started, 130 when
// interrupted. Writes races.json after every target.
// Thread safety: on the main thread, one hunt at a time: it catches SIGINT
// and SIGTERM (interrupt.h), forks each run and pins competing load threads.
// ScheduleFor and ComposeTsanOptions are pure: any thread.
int RunHunt(const HuntOptions& options, const std::vector<HuntTarget>& targets);

}  // namespace mt::harness
