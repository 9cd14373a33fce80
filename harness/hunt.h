// `mtbench hunt`: runs a program built with ThreadSanitizer many times under
// perturbed schedules, each run with its own TSAN_OPTIONS, time limit and
// folder, and writes the deduplicated findings to results/<run>/races.json.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "harness/hunt_findings.h"

namespace mt::harness {

// What is hunted: a user's program, or one scenario's benchmarks run in
// this mtbench's scenario child.
struct HuntTarget {
  std::string name;    // folder and table name
  std::string type;    // "program" or "scenario"
  std::string filter;  // scenario: the benchmarks hunted
  // The command line of a run whose folder is `folder` (absolute).
  std::function<std::vector<std::string>(const std::string& folder)> argv;
};

struct HuntOptions {
  int runs = 20;
  double timeout_seconds = 60;  // per run; then it is a hang
  std::uint64_t seed = 0;       // 0: drawn at random, and recorded
  std::string out_root = "results";
  std::string suppressions;  // TSan suppressions file, or ""
  std::string tsan_options;  // extra TSAN_OPTIONS, applied last
  std::string command_line;
};

// The schedule of run `index` (0-based): runs cycle through all PUs, one
// PU, all PUs with competing load, one PU with competing load, so any hunt
// of 4 runs or more tries each; the PU and the yield seed come from the
// hunt's seed, so the same seed replays the same plan. `pus`: the PUs this
// process may use.
RunSchedule ScheduleFor(int index, std::uint64_t hunt_seed,
                        const std::vector<int>& pus);

// TSAN_OPTIONS of a run: the user's inherited options first, then the
// hunt's (which win), then `extra` (which wins over both); log_path last,
// always the hunt's.
std::string ComposeTsanOptions(const std::string& inherited,
                               const std::string& suppressions,
                               const std::string& extra,
                               const std::string& log_path);

// Runs every target `runs` times; returns 0 when nothing was found, 1 when
// something was, 2 when a program could not be started, 130 when
// interrupted. Writes races.json after every target.
// Thread safety: on the main thread, one hunt at a time: it catches SIGINT
// and SIGTERM (interrupt.h), forks each run and pins competing load threads.
// ScheduleFor and ComposeTsanOptions are pure: any thread.
int RunHunt(const HuntOptions& options, const std::vector<HuntTarget>& targets);

}  // namespace mt::harness
