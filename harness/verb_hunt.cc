// `mtbench hunt`: ThreadSanitizer race hunts in a user's program or in this
// mtbench's own scenarios (their racy and deadlock-prone benchmarks).
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <filesystem>
#include <iostream>

#include "harness/child.h"
#include "harness/elf_symbols.h"
#include "harness/flags.h"
#include "harness/hunt.h"
#include "harness/scenario.h"
#include "harness/verbs.h"
#include "workloads/process/exec_path.h"

namespace mt::harness {
namespace {

constexpr char kUsage[] =
    "usage: mtbench hunt [OPTIONS] -- PROGRAM [ARGS...]\n"
    "       mtbench hunt [OPTIONS] --scenario NAME [--filter REGEX]\n"
    "       mtbench hunt [OPTIONS] --all-scenarios\n";

constexpr char kAbout[] =
    "Runs a program built with -fsanitize=thread (or the racy and "
    "deadlock-prone\nbenchmarks of this mtbench's scenarios, which needs the "
    "tsan build) many\ntimes under perturbed schedules: all PUs or one, with "
    "or without competing\nCPU load, and seeded yields in mtbench's own locks "
    "and atomics. Reports are\ndeduplicated into findings in "
    "results/<run>/races.json.\n\nExit status: 0 nothing found, 1 something "
    "found, 2 usage error or a program\nthat cannot be run (missing, or not "
    "built with ThreadSanitizer).\n\n";

// "" when `path` is an executable built with TSan, else what is wrong.
std::string CheckTsanProgram(const std::string& path) {
  if (access(path.c_str(), X_OK) != 0)
    return path + ": cannot be run (" + std::strerror(errno) + ")";
  std::string error;
  std::optional<bool> tsan = ElfHasSymbol(path, kTsanInitSymbol, &error);
  if (!tsan) return error;
  if (!*tsan) {
    return path +
           ": not built with ThreadSanitizer (its ELF symbol tables do not "
           "reference " +
           kTsanInitSymbol +
           "); rebuild it with -fsanitize=thread (clang++ or g++)";
  }
  return "";
}

HuntTarget ScenarioTarget(const std::string& self, const std::string& name,
                          const std::string& filter) {
  return {name, "scenario", filter, [=](const std::string& folder) {
            ChildOptions child;
            child.scenario = name;
            child.filter = filter;
            // The hunt, not the scenario, decides where threads run.
            child.pins = {PinPolicy::kNone};
            child.pins_given = true;
            child.quick = true;
            child.benchmark_json = folder + "/benchmark.json";
            child.sidecar_json = folder + "/claims.json";
            std::vector<std::string> argv = {self, "child"};
            for (std::string& a : child.ToArgs()) argv.push_back(std::move(a));
            return argv;
          }};
}

int Hunt(const std::vector<std::string>& args) {
  HuntOptions o;
  std::vector<std::string> scenarios;
  std::string filter;
  bool all = false;
  Flags flags("mtbench hunt");
  flags.Int("--runs", "N", "runs per target (1-10000; default 20)", 1, 10000,
            [&](long n) { o.runs = static_cast<int>(n); });
  flags.Int("--timeout", "S",
            "seconds a run may take; then it is a hang (default 60)", 1, 86400,
            [&](long n) { o.timeout_seconds = static_cast<double>(n); });
  flags.Value(
      "--seed", "N",
      "the hunt's seed, to replay its schedules (default random)",
      [&](const std::string& v) -> std::string {
        char* end = nullptr;
        errno = 0;
        o.seed = std::strtoull(v.c_str(), &end, 10);
        if (v.empty() || v[0] == '-' || *end != '\0' || errno || o.seed == 0)
          return "accepted: a whole number from 1 to 2^64-1";
        return "";
      });
  flags.Value("--out", "DIR", "results root (default results)",
              [&](const std::string& v) -> std::string {
                if (v.empty()) return "give a folder";
                o.out_root = v;
                return "";
              });
  flags.Value("--scenario", "NAME",
              "hunt this scenario's racy and deadlock-prone benchmarks "
              "(repeatable)",
              [&](const std::string& v) -> std::string {
                if (!FindScenario(v)) return "accepted: " + ScenarioNames();
                scenarios.push_back(v);
                return "";
              });
  flags.Switch("--all-scenarios",
               "every scenario with racy or deadlock-prone benchmarks",
               [&] { all = true; });
  flags.Value("--filter", "REGEX",
              "with --scenario: hunt these benchmarks instead",
              [&](const std::string& v) {
                filter = v;
                return CheckPosixRegex(v);
              });
  flags.Value("--suppressions", "FILE", "a ThreadSanitizer suppressions file",
              [&](const std::string& v) -> std::string {
                if (access(v.c_str(), R_OK) != 0)
                  return std::string("cannot read it: ") + std::strerror(errno);
                o.suppressions = std::filesystem::absolute(v).string();
                return "";
              });
  flags.Value("--tsan-options", "OPTS",
              "extra TSAN_OPTIONS (a:b=1:...), applied last",
              [&](const std::string& v) {
                o.tsan_options = v;
                return std::string();
              });
  std::string error;
  if (!flags.Parse(args, &error)) {
    std::cerr << error << "\n" << kUsage;
    return 2;
  }
  if (flags.help_requested()) {
    std::cout << kUsage << "\n"
              << kAbout << flags.Help() << "\nscenarios: " << ScenarioNames()
              << "\n";
    return 0;
  }
  const std::vector<std::string>& program = flags.rest();
  const bool own = all || !scenarios.empty();
  std::string usage_error;
  if (own == !program.empty()) {
    usage_error =
        "give either -- PROGRAM [ARGS...] or --scenario/--all-scenarios";
  } else if (!filter.empty() && (all || scenarios.empty())) {
    usage_error = "--filter goes with --scenario NAME";
  } else if (all && !scenarios.empty()) {
    usage_error = "--all-scenarios already hunts every scenario";
  }
  if (!usage_error.empty()) {
    std::cerr << "mtbench hunt: " << usage_error << "\n" << kUsage;
    return 2;
  }

  std::vector<HuntTarget> targets;
  if (own) {
    const std::string self = SelfExecutable();
    if (std::string why = CheckTsanProgram(self); !why.empty()) {
      std::cerr << "mtbench hunt: scenario hunts run this mtbench's scenarios "
                   "under ThreadSanitizer, but "
                << why
                << "\nbuild the tsan preset and use build/tsan/mtbench "
                   "(make race does both)\n";
      return 2;
    }
    if (all) {
      for (const Scenario& s : AllScenarios()) scenarios.push_back(s.name);
    }
    for (const std::string& name : scenarios) {
      const Scenario* s = FindScenario(name);
      std::string f = filter.empty() ? s->hunt_filter : filter;
      if (f.empty()) {
        if (!all) {
          std::cerr << "mtbench hunt: scenario " << name
                    << " declares no racy or deadlock-prone benchmarks "
                       "(hunt_filter); give --filter REGEX\n";
          return 2;
        }
        continue;
      }
      targets.push_back(ScenarioTarget(self, name, f));
    }
  } else {
    std::string path = workloads::FindOnPath(program[0]);
    if (path.empty()) {
      std::cerr << "mtbench hunt: " << program[0]
                << ": no such program (not a path, not on PATH)\n";
      return 2;
    }
    if (std::string why = CheckTsanProgram(path); !why.empty()) {
      std::cerr << "mtbench hunt: " << why << "\n";
      return 2;
    }
    std::vector<std::string> argv = program;
    argv[0] = path;
    targets.push_back({std::filesystem::path(path).filename().string(),
                       "program", "",
                       [argv](const std::string&) { return argv; }});
  }
  o.command_line = "mtbench hunt";
  for (const std::string& a : args) o.command_line += " " + a;
  return RunHunt(o, targets);
}

}  // namespace

MT_VERB(hunt,
        {"hunt",
         "mtbench hunt [OPTIONS] (-- PROGRAM [ARGS...] | --scenario NAME | "
         "--all-scenarios)",
         "ThreadSanitizer race hunt; results/<run>/races.json", Hunt});

}  // namespace mt::harness
