// The plan of a hunt's runs: each run's schedule and seed from the hunt's
// seed and the run's index alone, which runs a shard of the hunt does, and
// the budget's durations. One hunt split into N shards runs exactly the runs
// one machine would, with the same indices and seeds.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "harness/hunt_findings.h"

namespace mt::harness {

// The schedule of run `index` (0-based): runs cycle through all PUs, one
// PU, all PUs with competing load, one PU with competing load, so any hunt
// of 4 runs or more tries each; the PU and the run's seed come from the
// hunt's seed, so the same seed replays the same plan. `pus`: the PUs this
// process may use.
RunSchedule ScheduleFor(int index, std::uint64_t hunt_seed,
                        const std::vector<int>& pus);

// Shard `index` (0-based) of `count`.
struct Shard {
  int index = 0;
  int count = 1;
};

// "I/N" (0 <= I < N <= 10000), or "N" alone (the index from the
// environment); false with `error` naming what is accepted.
bool ParseShard(const std::string& text, Shard* shard, bool* index_given,
                std::string* error);

// The shard index from the environment: JOB_COMPLETION_INDEX (a Kubernetes
// Indexed Job), else SLURM_ARRAY_TASK_ID (less SLURM_ARRAY_TASK_MIN, so an
// array 1-N works too). The count: `count` when given (> 0), else
// MTBENCH_SHARDS, else SLURM_ARRAY_TASK_COUNT. Returns false with `error`
// when a value is malformed or out of range, or a count is given with no
// index; `*shard` stays {0, 1} when the environment names no shard.
bool ShardFromEnvironment(int count,
                          const std::function<const char*(const char*)>& getenv,
                          Shard* shard, std::string* error);

// The 0-based run indices a shard does, in order. With a number of runs,
// shard I of N does the I-th contiguous block of them (so each shard sees
// every schedule of the cycle); without one (a time budget), it does I,
// I+N, I+2N, ... until stopped.
class RunPlan {
 public:
  // `runs`: the hunt's runs over all shards; 0 when only time bounds it.
  RunPlan(int runs, Shard shard);
  // The next index, or -1 when this shard has done its part.
  int Next();
  // Runs this shard does; -1 when only time bounds it.
  int planned() const { return planned_; }

 private:
  int step_, next_, end_, planned_;
};

// "90s", "10m", "2h", "1h30m" or a bare number of seconds, 1 s to 7 days;
// false when it is not one.
bool ParseDuration(const std::string& text, double* seconds);

}  // namespace mt::harness
