// The verdict summary at the end of `mtbench run`: per scenario its status
// and counts of holds / fails / not measurable here / not run, then every
// claim that fails with its numbers, then each "not measurable here" reason
// once with the claims it applies to. Read from run.json's mtbench block, so
// the console and the report (scripts/report_summary.py) say the same.
#pragma once

#include <nlohmann/json.hpp>
#include <ostream>

namespace mt::harness {

struct SummaryCounts {
  int scenarios_not_ok = 0;  // failed, crashed, timed out, interrupted, ...
  int holds = 0, fails = 0, not_measurable = 0, not_run = 0;
};

// Prints the summary of `run` (a run.json document) and returns its counts.
// Thread safety: pure but for `out`, which no one else may write meanwhile.
SummaryCounts PrintSummary(std::ostream& out, const nlohmann::json& run);

}  // namespace mt::harness
