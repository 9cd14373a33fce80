// One run of a hunt: its folder, environment (TSAN_OPTIONS, the strategy's
// variables), the program run to its end or hang, its observations, and
// the shell line that replays it.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "harness/hunt.h"
#include "harness/hunt_findings.h"
#include "harness/hunt_strategy.h"

namespace mt::harness {

// What every run of a hunt shares.
struct HuntContext {
  const HuntOptions& options;
  const HuntStrategy& strategy;
  std::string dir;  // absolute: TSan's log_path is resolved by the program
  std::string replay_root;  // absolute: where replay lines write
  std::string cwd;          // absolute: where replay lines run
  std::uint64_t seed;
  std::vector<int> pus;
  std::string gdb;        // "" when not found
  std::string inherited;  // the user's TSAN_OPTIONS
};

// Runs run `index` (0-based) of `target`; `steps` is the previous run's
// scheduling steps (StrategyRun::steps); `start_error` is set when the
// program could not be started.
RunRecord RunOnce(const HuntContext& h, const HuntTarget& target, int index,
                  std::int64_t steps, std::string* start_error);

// TSAN_OPTIONS of a run: the user's inherited options first, then the
// hunt's (which win), then `extra` (which wins over both); log_path last,
// always the hunt's, and none when `log_path` is "" (reports to stderr).
std::string ComposeTsanOptions(const std::string& inherited,
                               const std::string& suppressions,
                               const std::string& extra,
                               const std::string& log_path);

}  // namespace mt::harness
