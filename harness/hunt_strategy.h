// How a hunt perturbs its runs: the seam where the controlled scheduler
// plugs in. A strategy gives each run environment variables (for the
// scheduler: LD_PRELOAD and MT_SCHED_*), is told the run's folder, and after
// the run turns what it wrote there into observations.
// Thread safety: strategies are immutable once made; any thread may use one.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "harness/hunt_findings.h"

namespace mt::harness {

// One run as a strategy sees it. The same index, seed and folder give the
// same environment, so a replay line reproduces the run.
struct StrategyRun {
  int index = 0;           // 1-based, as in races.json
  std::uint64_t seed = 0;  // the run's seed (ScheduleFor)
  std::string dir;         // absolute: the run's folder, or a replay's
  // The previous run's scheduling steps (the scheduler's summary): PCT's k,
  // where it places its priority change points. 0: none yet.
  std::int64_t steps = 0;
};

struct StrategyObservations {
  std::vector<Observation> observations;
  // The strategy accounts for the run's exit status itself (the scheduler
  // ended the program after reporting a deadlock), so it is no finding of
  // its own.
  bool explains_exit = false;
  // Scheduling steps the run made (0: the strategy does not count them).
  std::int64_t steps = 0;
};

class HuntStrategy {
 public:
  virtual ~HuntStrategy() = default;
  virtual std::string Name() const = 0;
  // NAME=value pairs the run's environment gets; they replace inherited
  // values, except LD_PRELOAD, which goes before the inherited one.
  virtual std::vector<std::string> Environment(
      const StrategyRun& run) const = 0;
  // After the run: what the strategy's own files in run.dir say.
  virtual StrategyObservations Observe(const StrategyRun& run,
                                       const RunRecord& record) const = 0;
};

// The controlled scheduler next to this mtbench: <dir of self>/preload/
// libmtsched.so (built by the preload/ targets).
std::string SchedulerLibrary(const std::string& self);

// "pct" when `library` exists, else "none".
std::string DefaultStrategy(const std::string& library);

// "none": today's hunt, MT_PERTURB_SEED for mtbench's own seeded yields and
// nothing of its own to observe. "pct", "random": the scheduler preloaded.
// nullptr with `error` set for an unknown name, or the scheduler when
// `library` is missing.
// `preempt_us` (pct, random): the scheduler's mean microseconds between
// timer preemptions, 0 off.
std::unique_ptr<HuntStrategy> MakeStrategy(const std::string& name,
                                           const std::string& library,
                                           std::string* error,
                                           long preempt_us = 0);

}  // namespace mt::harness
