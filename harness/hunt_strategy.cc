// The strategies: none (seeded yields in mtbench's own locks) and the
// controlled scheduler's pct and random.
#include "harness/hunt_strategy.h"

#include <unistd.h>

#include <filesystem>

#include "harness/hunt_sched.h"

namespace mt::harness {
namespace {

class NoneStrategy : public HuntStrategy {
 public:
  std::string Name() const override { return "none"; }
  std::vector<std::string> Environment(const StrategyRun& run) const override {
    return {"MT_PERTURB_SEED=" + std::to_string(run.seed)};
  }
  StrategyObservations Observe(const StrategyRun&,
                               const RunRecord&) const override {
    return {};
  }
};

// The scheduler (preload/sched/README.md has its interface): it serialises
// the program's threads and picks who runs next by the strategy and seed,
// and writes its schedule and a summary into MT_SCHED_OUT.
class SchedulerStrategy : public HuntStrategy {
 public:
  SchedulerStrategy(std::string name, std::string library, long preempt_us)
      : name_(std::move(name)),
        library_(std::move(library)),
        preempt_us_(preempt_us) {}
  std::string Name() const override { return name_; }
  std::vector<std::string> Environment(const StrategyRun& run) const override {
    std::vector<std::string> env = {"LD_PRELOAD=" + library_,
                                    "MT_SCHED_STRATEGY=" + name_,
                                    "MT_SCHED_SEED=" + std::to_string(run.seed),
                                    "MT_SCHED_OUT=" + run.dir + "/sched"};
    // mtbench's own seeded yields (workloads/locks/perturb.h) become
    // scheduling points at its atomic operations, which the scheduler cannot
    // see otherwise; in other programs the variable does nothing.
    env.push_back("MT_PERTURB_SEED=" + std::to_string(run.seed));
    // PCT's k from the previous run; the first run places its change points
    // log-uniformly (the library's default). d stays the library's 3: runs
    // taking d = 1, 2 or 3 by seed found fewer corpus bugs (docs/HUNT.md).
    if (name_ == "pct" && run.steps > 0)
      env.push_back("MT_SCHED_STEPS=" + std::to_string(run.steps));
    if (preempt_us_ > 0)
      env.push_back("MT_SCHED_PREEMPT_US=" + std::to_string(preempt_us_));
    return env;
  }
  // The scheduler's deadlock or hang report becomes an observation, and its
  // exit status for one (86, 87) is then no finding of its own.
  StrategyObservations Observe(const StrategyRun& run,
                               const RunRecord& record) const override {
    StrategyObservations out;
    const SchedSummary s = ReadSchedSummary(
        run.dir + "/sched", record.folder + "/sched/summary.json");
    out.steps = s.steps;
    if (!s.reported) return out;
    out.explains_exit =
        record.outcome == "exited" && (record.exit_code == kSchedDeadlockExit ||
                                       record.exit_code == kSchedHangExit);
    out.observations.push_back(s.report);
    return out;
  }

 private:
  std::string name_, library_;
  long preempt_us_;
};

}  // namespace

std::string SchedulerLibrary(const std::string& self) {
  return (std::filesystem::path(self).parent_path() / "preload" /
          "libmtsched.so")
      .string();
}

std::string DefaultStrategy(const std::string& library) {
  return access(library.c_str(), R_OK) == 0 ? "pct" : "none";
}

std::unique_ptr<HuntStrategy> MakeStrategy(const std::string& name,
                                           const std::string& library,
                                           std::string* error,
                                           long preempt_us) {
  if (name == "none") {
    if (preempt_us > 0) {
      *error =
          "--preempt is the controlled scheduler's: give --strategy pct "
          "or random";
      return nullptr;
    }
    return std::make_unique<NoneStrategy>();
  }
  if (name != "pct" && name != "random") {
    *error = "unknown strategy '" + name + "'; accepted: pct, random, none";
    return nullptr;
  }
  if (access(library.c_str(), R_OK) != 0) {
    *error = "--strategy " + name +
             " needs the controlled scheduler, which is not built: " + library +
             " is missing (build the preload targets of this preset), or use "
             "--strategy none";
    return nullptr;
  }
  return std::make_unique<SchedulerStrategy>(name, library, preempt_us);
}

}  // namespace mt::harness
