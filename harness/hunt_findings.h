// What a race hunt saw: each run's record, and the findings deduplicated
// across runs by signature (the same bug in 20 runs is one finding, count
// 20). Pure data and functions, tested without running anything.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "harness/tsan_report_frames.h"

namespace mt::harness {

// Thread safety: values and pure functions; any thread. PrintFindings writes
// to `out`, which the caller must not share with another writer meanwhile.

// The perturbed schedule of one run (see ScheduleFor in hunt_plan.h).
struct RunSchedule {
  std::uint64_t seed = 0;     // the run's seed: yields, the strategy's choices
  int pu = -1;                // the one PU the program may use; -1: all
  std::vector<int> load_pus;  // a spinning thread on each, competing
  std::string Describe() const;
};

// One bug seen once: a TSan report, a failed assertion, a crash, an exit
// status of the program's own check, a hang or a deadlock.
struct Observation {
  std::string signature;
  // TSan's report type ("data race", "lock-order-inversion", ...), or
  // "assertion", "crash", "exit status", "hang", "deadlock".
  std::string kind;
  std::string headline;  // what happened, in words, as seen
  std::string location;  // TSan's "Location is ..." without addresses, or ""
  std::string detail;    // besides stacks, what the signature reads
  std::vector<Stack> stacks;
  std::string source;  // the file (relative to the hunt folder) it came from
};

struct RunRecord {
  int index = 0;  // 1-based, the same in every shard of a hunt
  RunSchedule schedule;
  std::string strategy;  // "none", "pct", "random"
  std::string folder;    // relative to the hunt folder
  std::vector<std::string> argv;
  std::string tsan_options;
  std::vector<std::string> strategy_env;  // NAME=value the strategy added
  std::int64_t steps_given = 0;  // the previous run's steps it was given
  std::int64_t steps = 0;        // scheduling steps it made (0: not counted)
  // "exited", "signalled", "hang" (ended by us: blocked or at its limit),
  // "interrupted" or "not started".
  std::string outcome = "not started";
  int exit_code = -1;  // when exited
  int signal = 0;      // when signalled
  double wall_seconds = 0;
  std::string note;    // why not started; how a hang was seen, its stacks
  std::string replay;  // a shell line that reruns it
  std::vector<Observation> observations;
};

struct Finding {
  std::string signature, kind, headline, location, detail;
  std::vector<Stack> stacks;  // of the first observation
  int count = 0;              // runs in which it was seen
  int reports = 0;            // observations in all runs (a run may repeat)
  int first_run = 0;
  std::string example;  // the file of the first observation
};

// Findings over runs in order, most frequent first (then by first run).
std::vector<Finding> Aggregate(const std::vector<RunRecord>& runs);

// Findings of disjoint sets of runs (shards of one hunt) as one: counts and
// reports added, the first run the earliest, the example and stacks of the
// earliest. Same order as Aggregate.
std::vector<Finding> MergeFindings(
    const std::vector<std::vector<Finding>>& parts);

}  // namespace mt::harness
