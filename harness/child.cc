// Scenario child: Google Benchmark with a live console and a flushed JSON
// file, then claims judged over what was measured.
#include "harness/child.h"

#include <algorithm>
#include <fstream>
#include <iostream>
#include <map>
#include <nlohmann/json.hpp>
#include <sstream>

#include "harness/placement_log.h"
#include "harness/scenario.h"

namespace mt::harness {
namespace {

double Median(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  size_t n = v.size();
  return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

// Prints as Google Benchmark's console does and keeps every iteration run
// for the claims.
class CapturingConsole : public benchmark::ConsoleReporter {
 public:
  // No colours: stdout is a pipe to the runner, which also keeps a log.
  CapturingConsole() : ConsoleReporter(OO_Tabular) {}
  void ReportRuns(const std::vector<Run>& runs) override {
    ConsoleReporter::ReportRuns(runs);
    GetOutputStream().flush();  // stdout is a pipe to the runner: stay live
    for (const Run& run : runs) {
      if (run.run_type != Run::RT_Iteration) continue;
      if (run.error_occurred) {
        errors.push_back(run.benchmark_name() + ": " + run.error_message);
        continue;
      }
      double to_ns = 1e9 / benchmark::GetTimeUnitMultiplier(run.time_unit);
      RunSample s{run.run_name.str(),
                  static_cast<int>(run.threads),
                  run.GetAdjustedRealTime() * to_ns,
                  run.GetAdjustedCPUTime() * to_ns,
                  {}};
      for (const auto& [key, counter] : run.counters) {
        s.counters[key] = counter.value;
      }
      samples.push_back(std::move(s));
    }
  }
  std::vector<RunSample> samples;
  std::vector<std::string> errors;
};

// Google Benchmark's JSON, flushed after every benchmark so a crash later in
// the scenario loses nothing already measured.
class FlushingJson : public benchmark::JSONReporter {
 public:
  void ReportRuns(const std::vector<Run>& runs) override {
    JSONReporter::ReportRuns(runs);
    GetOutputStream().flush();
  }
};

nlohmann::json PlacementsJson() {
  nlohmann::json out = nlohmann::json::array();
  for (const auto& [key, placement] : RecordedPlacements()) {
    nlohmann::json workers = nlohmann::json::array();
    for (const WorkerPlacement& w : placement.workers) {
      nlohmann::json entry = {{"pu", w.pus.empty() ? -1 : w.pus.front()},
                              {"cpu", w.cpu_seen},
                              {"verified", w.verified},
                              {"kind", WorkerKindName(w.kind)},
                              {"role", w.role}};
      if (w.pus.size() > 1) entry["pus"] = w.pus;  // bound to several PUs
      workers.push_back(std::move(entry));
    }
    out.push_back({{"benchmark", key.first},
                   {"threads", key.second},
                   {"policy", PinPolicyName(placement.policy)},
                   {"workers", workers}});
  }
  return out;
}

void PrintClaim(const ClaimResult& c) {
  std::string verdict(VerdictName(c.outcome.verdict));
  for (char& ch : verdict) ch = static_cast<char>(std::toupper(ch));
  std::cout << "  " << verdict << ": " << c.sentence << "\n      check "
            << c.check << "\n      " << c.outcome.numbers << "\n";
}

nlohmann::json AnalysisJson(const Analysis& a, const Results& results) {
  std::cout << "analysis " << a.name << ":";
  nlohmann::json out = nlohmann::json::object();
  try {
    for (const auto& [key, value] : a.compute(results)) {
      out[key] = value;
      std::cout << " " << key << "=" << value;
    }
  } catch (const std::exception& e) {
    out = {{"not_measured", e.what()}};
    std::cout << " not measured: " << e.what();
  }
  std::cout << "\n";
  return out;
}

// "benchmark: NAME" for every benchmark the filter selects (Google
// Benchmark's --benchmark_list_tests, through a reporter that only collects).
int ListBenchmarks() {
  std::ostringstream names;
  benchmark::ConsoleReporter collector;
  collector.SetOutputStream(&names);
  collector.SetErrorStream(&std::cerr);
  benchmark::RunSpecifiedBenchmarks(&collector);
  benchmark::Shutdown();
  std::istringstream lines(names.str());
  for (std::string name; std::getline(lines, name);)
    if (!name.empty()) std::cout << "benchmark: " << name << "\n";
  return 0;
}

}  // namespace

Results Summarise(const std::vector<RunSample>& samples) {
  std::map<std::string, std::vector<const RunSample*>> by_name;
  std::vector<std::string> order;
  for (const RunSample& s : samples) {
    auto& group = by_name[s.name];
    if (group.empty()) order.push_back(s.name);
    group.push_back(&s);
  }
  Results results;
  for (const std::string& name : order) {
    const auto& group = by_name[name];
    std::vector<double> real, cpu;
    std::map<std::string, std::vector<double>> counters;
    for (const RunSample* s : group) {
      real.push_back(s->real_ns);
      cpu.push_back(s->cpu_ns);
      for (const auto& [k, v] : s->counters) counters[k].push_back(v);
    }
    Measurement m;
    m.name = name;
    m.threads = group.front()->threads;
    m.repetitions = static_cast<int>(group.size());
    m.real_ns = Median(real);
    m.real_ns_min = *std::min_element(real.begin(), real.end());
    m.real_ns_max = *std::max_element(real.begin(), real.end());
    m.cpu_ns = Median(cpu);
    for (auto& [k, v] : counters) {
      m.counters[k] = Median(v);
      m.counters_min[k] = *std::min_element(v.begin(), v.end());
      m.counters_max[k] = *std::max_element(v.begin(), v.end());
    }
    results.Add(std::move(m));
  }
  return results;
}

int RunScenarioChild(const ChildOptions& o) {
  const Scenario* scenario = FindScenario(o.scenario);
  if (scenario == nullptr) {
    std::cerr << "mtbench: no scenario named '" << o.scenario << "'\n";
    return 2;
  }
  ScenarioContext ctx{&Topology::Machine(), o.pins, o.quick, o.pins_given};
  scenario->register_benchmarks(ctx);

  // Quick mode trades precision for time: 50 ms per benchmark instead of
  // Google Benchmark's default 0.5 s.
  std::vector<std::string> args = {
      "mtbench",
      "--benchmark_filter=" + o.filter,
      "--benchmark_out=" + o.benchmark_json,
      "--benchmark_out_format=json",
      "--benchmark_repetitions=" + std::to_string(o.repetitions),
      std::string("--benchmark_min_time=") + (o.quick ? "0.05" : "0.5"),
  };
  if (o.random_interleaving) {
    args.push_back("--benchmark_enable_random_interleaving=true");
  }
  // The user's own flags last, so they win over ours.
  args.insert(args.end(), o.benchmark_flags.begin(), o.benchmark_flags.end());
  std::vector<char*> argv;
  if (o.list_only) args.push_back("--benchmark_list_tests=true");
  for (std::string& a : args) argv.push_back(a.data());
  int argc = static_cast<int>(argv.size());
  benchmark::Initialize(&argc, argv.data());
  // A Google Benchmark flag it does not know: a usage error, not a run.
  if (benchmark::ReportUnrecognizedArguments(argc, argv.data())) return 2;
  if (o.list_only) return ListBenchmarks();
  benchmark::AddCustomContext("mtbench_scenario", o.scenario);

  CapturingConsole console;
  FlushingJson json;
  benchmark::RunSpecifiedBenchmarks(&console, &json);
  benchmark::Shutdown();

  Results results = Summarise(console.samples);
  nlohmann::json claims = nlohmann::json::array();
  std::cout << "claims of " << o.scenario << ":\n";
  for (const Claim& claim : scenario->claims) {
    ClaimResult c = EvaluateClaim(claim, results, o.facts);
    PrintClaim(c);
    claims.push_back({{"sentence", c.sentence},
                      {"check", c.check},
                      {"verdict", VerdictName(c.outcome.verdict)},
                      {"numbers", c.outcome.numbers}});
  }
  nlohmann::json analysis = nlohmann::json::object();
  for (const Analysis& a : scenario->analyses) {
    analysis[a.name] = AnalysisJson(a, results);
  }
  std::cout.flush();
  nlohmann::json sidecar = {{"scenario", o.scenario},
                            {"claims", claims},
                            {"analysis", analysis},
                            {"placements", PlacementsJson()},
                            {"errors", console.errors},
                            {"notes", Notes()},
                            {"starts_workers", scenario->starts_workers}};
  std::ofstream(o.sidecar_json) << sidecar.dump(2) << "\n";
  return 0;
}

}  // namespace mt::harness
