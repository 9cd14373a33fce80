// `mtbench run`: plan, calibrate, each scenario in its own supervised child,
// run.json after every scenario, the verdict summary at the end.
#include "harness/runner.h"

#include <fstream>
#include <iomanip>
#include <iostream>
#include <sstream>

#include "harness/calibration.h"
#include "harness/gbench_record.h"
#include "harness/interrupt.h"
#include "harness/results.h"
#include "harness/results_csv.h"
#include "harness/run_plan.h"
#include "harness/scenario.h"
#include "harness/summary.h"
#include "harness/supervised_child.h"

namespace mt::harness {
namespace {

std::vector<std::string> ChildArgs(const RunOptions& o, const std::string& self,
                                   const ScenarioRecord& rec,
                                   const MachineFacts& facts) {
  ChildOptions child = o.child;
  child.scenario = rec.name;
  child.benchmark_json = rec.benchmark_json;
  child.sidecar_json = rec.sidecar_json;
  child.facts = facts;
  std::vector<std::string> args = {self, "child"};
  for (std::string& a : child.ToArgs()) args.push_back(std::move(a));
  return args;
}

// The progress line of scenario i: which of how many, its benchmarks, and
// the time left (the plan's estimates, scaled by how the run has gone so
// far against them).
std::string Progress(const std::vector<PlannedScenario>& plan, size_t i,
                     double spent, double estimated_so_far) {
  double left = 0;
  for (size_t j = i; j < plan.size(); ++j) left += plan[j].estimate_seconds;
  if (estimated_so_far > 0) left *= spent / estimated_so_far;
  std::ostringstream head;
  head << "[" << i + 1 << "/" << plan.size() << "] " << plan[i].name << " - "
       << plan[i].about << "\n      " << plan[i].benchmarks.size()
       << " benchmark(s); " << DescribeSeconds(left) << " left"
       << (plan[i].from_history ? " (from the last run)" : " (estimate)")
       << "\n";
  return head.str();
}

void Calibrated(const MachineFacts& m, const std::string& dir) {
  std::cout << std::fixed << std::setprecision(2)
            << "calibration: parallel speedup " << m.parallel_speedup << " of "
            << m.pus << " PUs, load average " << m.load_average
            << (m.DeliversParallelism()
                    ? ""
                    : "  -> scaling claims will say 'not measurable here'")
            << "\nresults: " << dir << "\n"
            << std::endl;
}

// The report of the run (scripts/report.py, Debian's python3); false when
// it could not be written.
bool WriteReport(const std::string& dir) {
  const std::vector<std::string> argv = {
      "/usr/bin/python3", std::string(MT_SOURCE_DIR) + "/scripts/report.py",
      dir};
  const ChildOutcome r = RunSupervised(argv, {}, 600, &std::cout, nullptr);
  if (r.status != "ok") {
    std::cerr << "mtbench: the report was not written (" << r.reason
              << "); install its Python packages with: "
                 "scripts/setup_deps.sh analysis\n";
  }
  return r.status == "ok";
}

}  // namespace

int RunScenarios(const RunOptions& o, const std::string& self) {
  std::vector<PlannedScenario> plan;
  if (std::string error = PlanRun(o, self, &plan); !error.empty()) {
    std::cerr << "mtbench run: " << error << "\n";
    return 2;
  }
  std::string error;
  std::string dir = MakeRunDirectory(o.out_root, &error);
  if (dir.empty()) {
    std::cerr << "mtbench: " << error << "\n";
    return 2;
  }
  CatchInterrupts();

  const Topology& topo = Topology::Machine();
  RunFacts facts{NowIso(),      o.command_line,      o.child.pins,
                 o.child.quick, o.child.repetitions, {},
                 topo.Summary()};
  std::cout << "mtbench: " << facts.topology.ToString() << "\n"
            << "calibrating: the same compute on 1 and on " << topo.Pus()
            << " PUs ..." << std::endl;
  facts.machine = Calibrate(topo, o.child.quick);
  Calibrated(facts.machine, dir);

  std::vector<ScenarioRecord> records;
  for (const PlannedScenario& p : plan) {
    records.push_back({p.name, "skipped", "not reached", 0,
                       dir + "/" + p.name + ".benchmark.json",
                       dir + "/" + p.name + ".claims.json"});
  }
  const double timeout =
      o.timeout_seconds > 0 ? o.timeout_seconds : (o.child.quick ? 120 : 900);
  std::ofstream log(dir + "/console.log");
  double spent = 0, estimated = 0;
  for (size_t i = 0; i < records.size(); ++i) {
    ScenarioRecord& rec = records[i];
    if (Interrupted()) {
      rec.reason = "run interrupted before this scenario";
      continue;
    }
    const std::string head = Progress(plan, i, spent, estimated);
    std::cout << head << std::flush;
    log << head;
    const ChildOutcome r =
        plan[i].gbench
            ? RunGbenchRecord(*plan[i].gbench, plan[i].benchmarks,
                              GbenchSettings(o.child), timeout, &std::cout,
                              &log, rec.benchmark_json, rec.sidecar_json)
            : RunSupervised(ChildArgs(o, self, rec, facts.machine), {}, timeout,
                            &std::cout, &log);
    rec.status = r.status == "not started" ? "failed" : r.status;
    rec.reason = r.reason;
    rec.wall_seconds = r.wall_seconds;
    spent += r.wall_seconds;
    estimated += plan[i].estimate_seconds;
    if (rec.status != "ok") {
      std::cout << "!! " << rec.name << ": " << rec.status << " - "
                << rec.reason << "\n";
    }
    WriteJsonAtomically(dir + "/run.json", MergeRun(facts, records));
    PointLatestAt(o.out_root, dir);
  }
  const nlohmann::json run = MergeRun(facts, records);
  WriteJsonAtomically(dir + "/run.json", run);
  PointLatestAt(o.out_root, dir);
  WriteCsv(run, dir + "/run.csv");
  if (!o.csv_path.empty() && !WriteCsv(run, o.csv_path))
    std::cerr << "mtbench: cannot write " << o.csv_path << "\n";

  SummaryCounts counts;
  const std::string summary = FormatSummary(run, &counts);
  std::cout << "\n" << summary;
  log << "\n" << summary;
  std::cout << "\nresults: " << dir << "/run.json" << std::endl;
  bool report_ok = true;
  if (o.report && !Interrupted()) report_ok = WriteReport(dir);
  if (Interrupted()) return 130;
  if (counts.scenarios_not_ok > 0 || !report_ok) return 1;
  if (o.strict && counts.fails > 0) return 1;
  return 0;
}

}  // namespace mt::harness
