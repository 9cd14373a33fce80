// Race hunt orchestration: each target's runs within the budget (runs,
// time, until found), progress with an estimate of the time left, the
// findings aggregated into races.json and the table.
#include "harness/hunt.h"

#include <filesystem>
#include <iomanip>
#include <iostream>
#include <memory>
#include <optional>
#include <random>
#include <sstream>

#include "harness/hunt_json.h"
#include "harness/hunt_process.h"
#include "harness/hunt_progress.h"
#include "harness/hunt_run.h"
#include "harness/hunt_table.h"
#include "harness/interrupt.h"
#include "harness/run_folder.h"
#include "workloads/process/exec_path.h"

namespace mt::harness {
namespace fs = std::filesystem;
namespace {

struct TargetResult {
  std::string name;
  std::vector<Finding> findings;
  int runs_completed = 0;
  std::string start_error;  // the program could not be started
};

TargetResult HuntOneTarget(const HuntContext& h, const HuntTarget& target,
                           std::optional<HuntBudget::Clock::time_point> end,
                           HuntBudget* budget, nlohmann::json* targets_json) {
  std::cout << "\n"
            << target.name << ": " << target.type
            << (target.filter.empty() ? "" : " filter " + target.filter)
            << "\n";
  TargetResult result{target.name, {}, 0, ""};
  std::vector<RunRecord> runs;
  nlohmann::json runs_json = nlohmann::json::array();
  RunPlan plan(h.options.runs, h.options.shard);
  std::string stopped = "runs";  // what ended this target's runs
  std::int64_t steps = 0;        // the previous run's, for the next (PCT's k)
  for (int i = plan.Next(); i >= 0; i = plan.Next()) {
    if (Interrupted()) break;
    if (end && HuntBudget::Clock::now() >= *end) {
      stopped = "time";
      break;
    }
    RunRecord run = RunOnce(h, target, i, steps, &result.start_error);
    if (run.steps > 0) steps = run.steps;
    runs_json.push_back(RunJson(run));
    if (!result.start_error.empty()) break;
    if (run.outcome == "interrupted") break;
    budget->Ran(run.wall_seconds);
    PrintRun(std::cout, run, h.options.runs, *budget);
    const bool found = !run.observations.empty();
    runs.push_back(std::move(run));
    if (found && h.options.until_found) {
      stopped = "found";
      break;
    }
  }
  if (Interrupted()) stopped = "interrupted";
  if (!result.start_error.empty()) stopped = "not started";
  result.runs_completed = static_cast<int>(runs.size());
  result.findings = Aggregate(runs);
  targets_json->push_back(
      {{"name", target.name},
       {"type", target.type},
       {"filter", target.filter},
       {"args", target.args},
       {"runs_completed", result.runs_completed},
       {"stopped_by", stopped},
       {"runs", runs_json},
       {"findings", FindingsJson(result.findings, result.runs_completed)}});
  return result;
}

}  // namespace

int RunHunt(const HuntOptions& o, const std::vector<HuntTarget>& targets) {
  std::string error;
  std::unique_ptr<HuntStrategy> strategy =
      MakeStrategy(o.strategy, o.scheduler_library, &error, o.preempt_us);
  std::string dir = strategy ? MakeRunDirectory(o.out_root, &error) : "";
  if (dir.empty()) {
    std::cerr << "mtbench hunt: " << error << "\n";
    return 2;
  }
  if (o.link_latest) PointLatestAt(o.out_root, dir);
  CatchInterrupts();

  std::uint64_t seed = o.seed;
  while (seed == 0) {
    seed =
        (std::uint64_t(std::random_device{}()) << 32) | std::random_device{}();
  }
  const char* inherited = std::getenv("TSAN_OPTIONS");
  const std::string abs_dir = fs::absolute(dir).lexically_normal();
  const HuntContext h{o,
                      *strategy,
                      abs_dir,
                      (fs::temp_directory_path() / "mtbench-replay" /
                       fs::path(abs_dir).filename())
                          .string(),
                      fs::current_path().string(),
                      seed,
                      AllowedPus(),
                      workloads::FindOnPath("gdb"),
                      inherited ? inherited : ""};
  const int per_target = RunPlan(o.runs, o.shard).planned();
  const int targets_n = static_cast<int>(targets.size());
  HuntBudget budget(o.time_seconds,
                    per_target < 0 ? -1 : per_target * targets_n);
  std::ostringstream budget_text;
  if (o.runs > 0) budget_text << o.runs << " run(s)";
  if (o.runs > 0 && o.time_seconds > 0) budget_text << " or ";
  if (o.time_seconds > 0) budget_text << DurationText(o.time_seconds);
  if (o.until_found) budget_text << ", until found";
  std::cout << "mtbench hunt: " << targets.size() << " target(s), "
            << budget_text.str() << ", strategy " << strategy->Name()
            << (o.strategy_defaulted
                    ? (o.strategy == "none"
                           ? " (default: the scheduler is not built)"
                           : " (default: the scheduler is built)")
                    : "")
            << ", seed " << seed;
  if (o.shard.count > 1)
    std::cout << ", shard " << o.shard.index << "/" << o.shard.count;
  std::cout << "\nlimit " << o.timeout_seconds << " s a run, hung after "
            << o.hang_quiet_seconds << " s blocked, " << h.pus.size()
            << " PU(s); hang stacks: "
            << (h.gdb.empty() ? "none (gdb not found)" : h.gdb)
            << "\nresults: " << h.dir << "\n";

  nlohmann::json doc = {
      {"format", "mtbench-races/2"},
      {"started", NowIso()},
      {"command_line", o.command_line},
      {"mtbench", {{"version", MT_VERSION}, {"preset", MT_PRESET}}},
      {"seed", seed},
      {"strategy", strategy->Name()},
      {"strategy_defaulted", o.strategy_defaulted},
      {"preempt_us", o.preempt_us},
      {"shard", {{"index", o.shard.index}, {"count", o.shard.count}}},
      {"runs_per_target", o.runs},
      {"time_seconds", o.time_seconds},
      {"until_found", o.until_found},
      {"timeout_seconds", o.timeout_seconds},
      {"hang_quiet_seconds", o.hang_quiet_seconds},
      {"pus", h.pus},
      {"hang_stacks", h.gdb.empty() ? "none: gdb not found" : "gdb"},
      {"replay_root", h.replay_root},
      {"targets", nlohmann::json::array()}};
  int exit_code = 0, total_findings = 0;
  std::vector<TargetResult> results;
  for (size_t t = 0; t < targets.size(); ++t) {
    if (Interrupted()) break;
    TargetResult r =
        HuntOneTarget(h, targets[t], budget.TargetEnd(targets_n - int(t)),
                      &budget, &doc["targets"]);
    if (!r.start_error.empty()) {
      std::cerr << "mtbench hunt: " << r.name << ": " << r.start_error << "\n";
      exit_code = 2;
    }
    total_findings += static_cast<int>(r.findings.size());
    results.push_back(std::move(r));
    WriteJsonAtomically(h.dir + "/races.json", doc);
  }
  const double wall = budget.Elapsed();
  if (exit_code == 0 && total_findings > 0) exit_code = 1;
  if (Interrupted()) exit_code = 130;
  doc["wall_seconds"] = wall;
  doc["findings"] = total_findings;
  doc["exit_status"] = exit_code;
  WriteJsonAtomically(h.dir + "/races.json", doc);

  std::cout << "\n";
  for (const TargetResult& r : results)
    PrintFindings(std::cout, r.name, r.findings, r.runs_completed);
  std::cout << std::fixed << std::setprecision(1) << "\nhunt took " << wall
            << " s; " << total_findings << " finding(s); replay with --seed "
            << seed
            << " (each run's replay line is in races.json)\nresults: " << h.dir
            << "/races.json" << std::endl;
  return exit_code;
}

}  // namespace mt::harness
