// The rounds of `mtbench ab`: both builds, in a seeded random order each
// round, every process supervised and pinned alike.
#include "harness/ab.h"

#include <stdlib.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <iomanip>
#include <iostream>
#include <random>

#include "harness/bench_attempts.h"
#include "harness/gbench.h"
#include "harness/interrupt.h"
#include "harness/run_folder.h"
#include "harness/run_plan.h"

namespace mt::harness {
namespace {

using Clock = std::chrono::steady_clock;
// A cap for tiny programs under a long --time: enough pairs for any
// interval, and ab_rounds.json stays a few MB.
constexpr int kMaxRounds = 1000;

double LoadAverage() {
  double load[1] = {-1};
  getloadavg(load, 1);
  return load[0];
}

struct Side {
  const char* label;
  BenchProgram program;
  nlohmann::json identity;
};

// "" or why `path` cannot be run as the program the options ask for.
std::string CheckProgram(const AbOptions& o, const std::string& path) {
  if (o.scenario.empty()) return CheckGbenchBinary(path);
  if (access(path.c_str(), X_OK) != 0)
    return path + ": not an executable; expected an mtbench binary";
  return "";
}

// The benchmarks both builds run, in BASE's order; usage error or "".
std::string CommonNames(const AbOptions& o, const Side& base, const Side& nu,
                        std::vector<std::string>* common,
                        nlohmann::json* only) {
  std::vector<std::string> b, n;
  for (auto [side, names] : {std::pair{&base, &b}, std::pair{&nu, &n}}) {
    if (std::string why = side->program.List(o.filter, names); !why.empty())
      return std::string(side->label) + ": " + why +
             (o.scenario.empty() ? ""
                                 : "(expected an mtbench binary that "
                                   "has scenario " +
                                       o.scenario + ")");
  }
  for (const std::string& name : b)
    if (std::find(n.begin(), n.end(), name) != n.end()) common->push_back(name);
  (*only)["base"] = nlohmann::json::array();
  (*only)["new"] = nlohmann::json::array();
  for (const std::string& name : b)
    if (std::find(common->begin(), common->end(), name) == common->end())
      (*only)["base"].push_back(name);
  for (const std::string& name : n)
    if (std::find(common->begin(), common->end(), name) == common->end())
      (*only)["new"].push_back(name);
  if (common->empty())
    return "--filter '" + o.filter + "' selects no benchmark that both BASE (" +
           std::to_string(b.size()) + ") and NEW (" + std::to_string(n.size()) +
           ") have";
  return "";
}

// Runs the judgement (scripts/ab.py); its exit status.
int Judge(const AbOptions& o, const std::string& dir, std::ostream* log) {
  std::ostringstream t, c;
  t << o.threshold;
  c << o.confidence;
  const std::vector<std::string> argv = {
      "/usr/bin/python3",
      std::string(MT_SOURCE_DIR) + "/scripts/ab.py",
      dir,
      "--threshold",
      t.str(),
      "--confidence",
      c.str()};
  const ChildOutcome r = RunSupervised(argv, {}, 600, &std::cout, log);
  if (r.status == "ok" || r.status == "failed") return r.exit_code;
  std::cerr << "mtbench ab: the judgement did not run (" << r.reason
            << "); install its Python packages with: scripts/setup_deps.sh "
               "analysis\n";
  return 2;
}

}  // namespace

int RunAb(const AbOptions& o) {
  auto make = [&](const std::string& path) {
    return o.scenario.empty()
               ? BenchProgram::Gbench(path, o.settings)
               : BenchProgram::MtbenchScenario(path, o.scenario, o.settings);
  };
  for (const std::string& path : {o.base_path, o.new_path}) {
    if (std::string why = CheckProgram(o, path); !why.empty()) {
      std::cerr << "mtbench ab: " << why << "\n";
      return 2;
    }
  }
  auto absolute = [](const std::string& path) {
    return std::filesystem::absolute(path).lexically_normal().string();
  };
  std::vector<Side> sides = {{"base", make(absolute(o.base_path)), {}},
                             {"new", make(absolute(o.new_path)), {}}};
  std::vector<std::string> names;
  nlohmann::json only;
  if (std::string why = CommonNames(o, sides[0], sides[1], &names, &only);
      !why.empty()) {
    std::cerr << "mtbench ab: " << why << "\n";
    return 2;
  }
  for (Side& s : sides) {
    GbenchBinary b{
        s.program.path(), s.label, o.filter,
        std::filesystem::path(s.program.path()).parent_path().string()};
    s.identity = GbenchIdentity(b);
  }
  std::string error;
  const std::string root = o.out_root + "/ab";
  const std::string dir = MakeRunDirectory(root, &error);
  if (dir.empty()) {
    std::cerr << "mtbench ab: " << error << "\n";
    return 2;
  }
  std::filesystem::create_directories(dir + "/rounds");
  PointLatestAt(root, dir);
  CatchInterrupts();
  std::ofstream log(dir + "/console.log");
  std::mt19937_64 rng(o.seed);
  nlohmann::json rounds = nlohmann::json::array();
  nlohmann::json failures = nlohmann::json::array();
  const double load_start = LoadAverage();
  const auto start = Clock::now();
  auto elapsed = [&] {
    return std::chrono::duration<double>(Clock::now() - start).count();
  };
  std::cout << "mtbench ab: " << names.size() << " benchmark(s) of "
            << (o.scenario.empty() ? "" : "scenario " + o.scenario + " of ")
            << "BASE " << o.base_path << " and NEW " << o.new_path
            << "\nrounds: "
            << (o.rounds
                    ? std::to_string(o.rounds)
                    : "as many as fit in " + DescribeSeconds(o.time_seconds))
            << ", seed " << o.seed << ", results: " << dir << std::endl;
  for (int r = 0; r < kMaxRounds && !names.empty() && !Interrupted(); ++r) {
    const double mean_round = r ? elapsed() / r : 0;
    if (o.rounds ? r >= o.rounds
                 : r >= o.min_rounds && elapsed() + mean_round > o.time_seconds)
      break;
    std::vector<int> order = {0, 1};
    if (rng() & 1) std::swap(order[0], order[1]);
    nlohmann::json round = {{"order", nlohmann::json::array()}};
    std::ostringstream line;
    line << "round " << r + 1 << ":";
    for (int k : order) {
      Side& s = sides[static_cast<size_t>(k)];
      char stem[32];
      std::snprintf(stem, sizeof stem, "/rounds/r%04d-", r + 1);
      const ProgramRun run = RunProgram(s.program, names, o.timeout_seconds,
                                        nullptr, &log, dir + stem + s.label);
      round["order"].push_back(s.label);
      round[s.label] = {{"status", run.outcome.status},
                        {"wall_seconds", run.wall_seconds},
                        {"entries", run.benchmarks}};
      line << " " << s.label << " " << std::fixed << std::setprecision(1)
           << run.wall_seconds << " s";
      for (const BenchmarkFailure& f : run.failures) {
        failures.push_back({{"side", s.label},
                            {"round", r + 1},
                            {"benchmark", f.benchmark},
                            {"status", f.status},
                            {"reason", f.reason}});
        line << " (" << (f.benchmark.empty() ? "program" : f.benchmark) << " "
             << f.status << ")";
        // Judged on no further round: the pair would be missing anyway.
        names.erase(std::remove(names.begin(), names.end(), f.benchmark),
                    names.end());
      }
    }
    rounds.push_back(round);
    std::cout << line.str() << "; " << DescribeSeconds(elapsed()) << " so far"
              << std::endl;
  }
  nlohmann::json doc = {
      {"format", "mtbench-ab-rounds/1"},
      {"started", NowIso()},
      {"command_line", o.command_line},
      {"host", Hostname()},
      {"scenario", o.scenario},
      {"filter", o.filter},
      {"seed", o.seed},
      {"pin_policy", PinPolicyName(o.settings.policy)},
      {"pus", sides[0].program.PlannedPus()},
      {"min_time", o.settings.min_time},
      {"benchmark_flags", o.settings.flags},
      {"pin_library", PinLibraryPath()},
      {"load_average", {{"start", load_start}, {"end", LoadAverage()}}},
      {"wall_seconds", elapsed()},
      {"interrupted", Interrupted()},
      {"base", sides[0].identity},
      {"new", sides[1].identity},
      {"only_in", only},
      {"rounds", rounds},
      {"failures", failures}};
  WriteJsonAtomically(dir + "/ab_rounds.json", doc);
  const int status = rounds.empty() ? 2 : Judge(o, dir, &log);
  return Interrupted() ? 130 : status;
}

}  // namespace mt::harness
