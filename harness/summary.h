// The verdict summary at the end of `mtbench run`: per scenario its status
// and counts of holds / fails / not measurable here / not run, a headline,
// every claim that fails with its numbers, then each reason a claim could not
// be judged, once, with the claims it applies to. Read from run.json, and
// written exactly as scripts/summary.py writes it for the report (a test
// compares the two), so the console and the report say the same.
// Thread safety: pure functions.
#pragma once

#include <nlohmann/json.hpp>
#include <string>

namespace mt::harness {

struct SummaryCounts {
  int scenarios = 0;
  int scenarios_not_ok = 0;  // failed, crashed, timed out, interrupted, ...
  int holds = 0, fails = 0, not_measurable = 0, not_run = 0;
};

// The summary of `run` (a run.json document) as console text, and its counts.
std::string FormatSummary(const nlohmann::json& run, SummaryCounts* counts);

}  // namespace mt::harness
