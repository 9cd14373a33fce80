// Planning a run: the benchmarks each scenario will run, and how long.
#include "harness/run_plan.h"

#include <cmath>
#include <map>
#include <sstream>

#include "harness/bench_program.h"
#include "harness/gbench_record.h"
#include "harness/run_folder.h"
#include "harness/scenario.h"
#include "harness/supervised_child.h"

namespace mt::harness {
namespace {

constexpr const char kListed[] = "benchmark: ";

// Seconds each scenario took in the last run under `root` with the same
// mode and repetitions, and how many benchmarks it ran then.
struct Past {
  double seconds = 0;
  int benchmarks = 0;
};
std::map<std::string, Past> LastRun(const RunOptions& o) {
  std::map<std::string, Past> out;
  const nlohmann::json run = nlohmann::json::parse(
      ReadFile(o.out_root + "/latest/run.json"), nullptr, false);
  if (!run.is_object()) return out;
  const nlohmann::json block = run.value("context", nlohmann::json::object())
                                   .value("mtbench", nlohmann::json::object());
  if (block.value("quick", !o.child.quick) != o.child.quick ||
      block.value("repetitions", 0) != o.child.repetitions)
    return out;
  for (const nlohmann::json& s :
       block.value("scenarios", nlohmann::json::array()))
    if (s.value("status", "") == "ok")
      out[s.value("name", "")] = {s.value("wall_seconds", 0.0),
                                  s.value("benchmarks", 0)};
  return out;
}

// Without history: Google Benchmark runs each benchmark for its minimum time
// per repetition, after sizing runs that take about as long again; a child
// starts and registers in well under a second.
double Guess(const RunOptions& o, size_t benchmarks) {
  const double min_time = o.child.quick ? 0.05 : 0.5;
  return 0.5 +
         static_cast<double>(benchmarks) * 2 * min_time * o.child.repetitions;
}

// The benchmarks scenario `name` runs under `o` with `filter`: "" or why not.
std::string ListNames(const RunOptions& o, const std::string& self,
                      const std::string& name, const std::string& filter,
                      std::vector<std::string>* names) {
  ChildOptions child = o.child;
  child.scenario = name;
  child.filter = filter;
  child.list_only = true;
  std::vector<std::string> argv = {self, "child"};
  for (std::string& a : child.ToArgs()) argv.push_back(std::move(a));
  std::string output;
  const ChildOutcome listed =
      RunSupervised(argv, {}, 60, nullptr, nullptr, &output);
  if (listed.status != "ok") {
    return "scenario " + name + " could not list its benchmarks (" +
           listed.reason + "):\n" + output;
  }
  std::istringstream lines(output);
  for (std::string line; std::getline(lines, line);)
    if (line.rfind(kListed, 0) == 0)
      names->push_back(line.substr(sizeof kListed - 1));
  return "";
}

// The usage error for a filter that selects nothing: what names there are.
std::string NothingMatches(const RunOptions& o, const std::string& self) {
  std::ostringstream out;
  out << "--filter '" << o.child.filter
      << "' matches no benchmark of the scenarios chosen (a POSIX extended "
         "regex over names); they are:";
  for (const std::string& name : o.scenarios) {
    std::vector<std::string> all;
    if (!ListNames(o, self, name, ".", &all).empty() || all.empty()) continue;
    out << "\n  " << all.front();
    if (all.size() > 1) out << "  (and " << all.size() - 1 << " more)";
  }
  return out.str();
}

// A --gbench binary's benchmarks under `filter`, asked of the binary with
// the flags the run will pass it (so one it refuses is a usage error now).
std::string GbenchNames(const RunOptions& o, const GbenchBinary& b,
                        const std::string& filter,
                        std::vector<std::string>* names) {
  const BenchProgram program =
      BenchProgram::Gbench(b.path, GbenchSettings(o.child));
  const std::string error = program.List(filter, names);
  return error.empty() ? "" : "--gbench " + error;
}

std::string GbenchNothingMatches(const RunOptions& o, const GbenchBinary& b) {
  std::vector<std::string> all;
  GbenchNames(o, b, ".", &all);
  if (all.empty())
    return "--gbench " + b.path +
           ": registers no benchmark (expected a "
           "Google Benchmark binary with benchmarks)";
  std::ostringstream out;
  out << "--gbench-filter '" << b.filter << "' matches none of the "
      << all.size() << " benchmark(s) of " << b.name
      << " (a POSIX extended regex over names); they are:\n  " << all.front();
  if (all.size() > 1) out << "  (and " << all.size() - 1 << " more)";
  return out.str();
}

}  // namespace

std::string PlanRun(const RunOptions& o, const std::string& self,
                    std::vector<PlannedScenario>* plan) {
  const std::map<std::string, Past> past = LastRun(o);
  plan->clear();
  auto estimate = [&](PlannedScenario* p) {
    auto it = past.find(p->name);
    if (it != past.end() && it->second.benchmarks > 0) {
      p->estimate_seconds = it->second.seconds * double(p->benchmarks.size()) /
                            it->second.benchmarks;
      p->from_history = true;
    } else {
      p->estimate_seconds = Guess(o, p->benchmarks.size());
    }
  };
  for (const std::string& name : o.scenarios) {
    PlannedScenario p;
    p.name = name;
    std::string error = ListNames(o, self, name, o.child.filter, &p.benchmarks);
    if (!error.empty()) return error;
    if (p.benchmarks.empty()) continue;  // the filter leaves it nothing
    const Scenario* s = FindScenario(name);
    p.about = s ? s->question : "";
    estimate(&p);
    plan->push_back(std::move(p));
  }
  if (!o.scenarios.empty() && plan->empty()) return NothingMatches(o, self);
  for (const GbenchBinary& b : o.gbench) {
    PlannedScenario p;
    p.name = b.name;
    p.about = "Google Benchmark binary " + b.path;
    p.gbench = &b;
    std::string error = GbenchNames(o, b, b.filter, &p.benchmarks);
    if (!error.empty()) return error;
    if (p.benchmarks.empty()) return GbenchNothingMatches(o, b);
    estimate(&p);
    plan->push_back(std::move(p));
  }
  return "";
}

std::string DescribeSeconds(double seconds) {
  if (!(seconds >= 10)) return "under 10 s";
  std::ostringstream out;
  const long s = std::lround(seconds);
  out << "about ";
  if (s >= 60) out << s / 60 << " min ";
  if (s < 600) out << s % 60 << " s";
  std::string text = out.str();
  while (!text.empty() && text.back() == ' ') text.pop_back();
  return text;
}

}  // namespace mt::harness
