// What the controlled scheduler (preload/sched) wrote into a run's folder,
// as the hunt sees it: its deadlock or hang report as an observation, and
// the run's number of scheduling steps (PCT's k for the next run).
// Thread safety: pure functions of their arguments; any thread.
#pragma once

#include <cstdint>
#include <string>

#include "harness/hunt_findings.h"

namespace mt::harness {

// The library's exit statuses (preload/sched/README.md).
constexpr int kSchedDeadlockExit = 86;
constexpr int kSchedHangExit = 87;

struct SchedSummary {
  bool present = false;    // summary.json was there and readable
  std::string outcome;     // "exit", "deadlock", "hang"
  std::int64_t steps = 0;  // scheduling decisions the run made
  bool reported = false;   // a deadlock or hang report: `report` is it
  Observation report;
};

// Reads `<sched_dir>/summary.json` (format mtsched-summary/1); `source` is
// the file's name relative to the hunt folder, for the observation. A
// missing or unreadable file gives present = false (a run that died before
// writing it, or one that never created a thread).
SchedSummary ReadSchedSummary(const std::string& sched_dir,
                              const std::string& source);

}  // namespace mt::harness
