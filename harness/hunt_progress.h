// A hunt's budget as it is spent (runs, time, each target's share of the
// time) and the progress line of each run, with an estimate of the time
// left. Thread safety: used by the hunt's one supervising thread.
#pragma once

#include <chrono>
#include <optional>
#include <ostream>
#include <string>

#include "harness/hunt_findings.h"

namespace mt::harness {

class HuntBudget {
 public:
  using Clock = std::chrono::steady_clock;
  // `time_seconds`: 0 for none. `planned_runs`: over all targets, -1 when
  // only time bounds them.
  HuntBudget(double time_seconds, int planned_runs);

  // When the next target must stop: an equal share of the time left among
  // the `targets_left` (it included); nullopt without a time budget.
  std::optional<Clock::time_point> TargetEnd(int targets_left) const;
  // A run of `seconds` finished.
  void Ran(double seconds);
  // "~1 min 05 s": the mean run so far times the runs left, within the time
  // budget; "?" before the first run of a hunt bounded by runs alone.
  std::string Left() const;
  double Elapsed() const;

 private:
  Clock::time_point start_ = Clock::now();
  std::optional<Clock::time_point> end_;
  int runs_left_;
  int runs_done_ = 0;
  double run_seconds_ = 0;
};

// "45 s", "3 min 07 s".
std::string DurationText(double seconds);

// "  run   3/20  one PU (1)   exit  66   1 finding(s)   1.2 s   left ~25 s"
// (runs 0: a hunt bounded by time, "3/-").
void PrintRun(std::ostream& out, const RunRecord& run, int runs,
              const HuntBudget& budget);

}  // namespace mt::harness
