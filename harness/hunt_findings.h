// What a race hunt saw: each run's record, and the findings deduplicated
// across runs by signature (the same race in 20 runs is one finding, count
// 20). Pure data and functions, tested without running anything.
#pragma once

#include <nlohmann/json.hpp>
#include <ostream>
#include <string>
#include <vector>

#include "harness/tsan_report.h"

namespace mt::harness {

// Thread safety: values and pure functions; any thread. PrintFindings writes
// to `out`, which the caller must not share with another writer meanwhile.

// The perturbed schedule of one run (see ScheduleFor in hunt.h).
struct RunSchedule {
  std::uint64_t seed = 0;     // MT_PERTURB_SEED: yields in our own code
  int pu = -1;                // the one PU the program may use; -1: all
  std::vector<int> load_pus;  // a spinning thread on each, competing
  std::string Describe() const;
};

// One bug seen once: a TSan report, a hang, or a crash TSan did not report.
struct Observation {
  std::string signature, kind, headline, location;
  std::vector<Stack> stacks;
  std::string source;  // the log (relative to the hunt folder) it came from
};

struct RunRecord {
  int index = 0;  // 1-based
  RunSchedule schedule;
  std::string folder;  // relative to the hunt folder
  std::vector<std::string> argv;
  std::string tsan_options;
  // "exited", "signalled", "hang" (ended at the limit) or "not started".
  std::string outcome = "not started";
  int exit_code = -1;  // when exited
  int signal = 0;      // when signalled
  double wall_seconds = 0;
  std::string note;  // why not started; how hang stacks were (not) taken
  std::vector<Observation> observations;
};

struct Finding {
  std::string signature, kind, headline, location;
  std::vector<Stack> stacks;  // of the first report
  int count = 0;              // runs in which it was seen
  int reports = 0;            // reports in all runs (a run may repeat one)
  int first_run = 0;
  std::string example;  // the log of the first report
};

// Observations of a TSan log, of gdb's backtraces of a hung run, of a run
// killed by a signal.
std::vector<Observation> ObserveTsanLog(const std::string& text,
                                        const std::string& source);
Observation ObserveHang(double limit_seconds, const std::string& gdb_output,
                        const std::string& source);
Observation ObserveCrash(int signal);

// Findings over runs in order, most frequent first (then by first run).
std::vector<Finding> Aggregate(const std::vector<RunRecord>& runs);

nlohmann::json RunJson(const RunRecord& run);
// `runs` is the number of runs the hit rate is over.
nlohmann::json FindingJson(const Finding& f, int runs);

// The summary table of one target's findings.
void PrintFindings(std::ostream& out, const std::string& target,
                   const std::vector<Finding>& findings, int runs);

}  // namespace mt::harness
