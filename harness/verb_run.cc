// `mtbench run` and its internal twin `mtbench child` (one scenario, inside
// the process the runner supervises).
#include <iostream>
#include <sstream>

#include "harness/child.h"
#include "harness/flags.h"
#include "harness/runner.h"
#include "harness/scenario.h"
#include "harness/verbs.h"

namespace mt::harness {
namespace {

int Run(const std::vector<std::string>& args) {
  RunOptions o;
  Flags flags("mtbench run");
  flags.Value("--scenario", "NAME",
              "run this scenario (repeatable; default all)",
              [&](const std::string& v) -> std::string {
                if (!FindScenario(v)) return "accepted: " + ScenarioNames();
                o.scenarios.push_back(v);
                return "";
              });
  flags.Value("--filter", "REGEX", "only benchmarks whose name matches",
              [&](const std::string& v) {
                o.child.filter = v;
                return CheckPosixRegex(v);
              });
  flags.Value("--pin", "POLICY",
              "compact (default), scatter or none; several: a,b",
              [&](const std::string& v) {
                o.child.pins_given = true;
                return ParsePinList(v, &o.child.pins);
              });
  flags.Switch("--quick", "smaller axes, 50 ms per benchmark",
               [&] { o.child.quick = true; });
  flags.Int("--repetitions", "N", "repeat each benchmark N times (1-1000)", 1,
            1000, [&](long n) { o.child.repetitions = static_cast<int>(n); });
  flags.Switch("--random-interleaving",
               "interleave repetitions of benchmarks in random order",
               [&] { o.child.random_interleaving = true; });
  flags.Int("--timeout", "S",
            "seconds a scenario may take (default 120 quick, 900)", 1, 86400,
            [&](long n) { o.timeout_seconds = static_cast<double>(n); });
  flags.Value("--out", "DIR", "results root (default results)",
              [&](const std::string& v) -> std::string {
                if (v.empty()) return "give a folder";
                o.out_root = v;
                return "";
              });
  std::string error;
  if (!flags.Parse(args, &error) || !flags.rest().empty()) {
    std::cerr << (error.empty() ? "mtbench run: unexpected arguments after --"
                                : error)
              << "\n";
    return 2;
  }
  if (flags.help_requested()) {
    std::cout
        << "usage: mtbench run [OPTIONS]\n\nRuns each scenario in its own "
           "child process and writes results/<run>/run.json.\n\n"
        << flags.Help() << "\nscenarios: " << ScenarioNames() << "\n";
    return 0;
  }
  if (o.scenarios.empty()) {
    for (const Scenario& s : AllScenarios()) o.scenarios.push_back(s.name);
  }
  o.command_line = "mtbench run";
  for (const std::string& a : args) o.command_line += " " + a;
  return RunScenarios(o, SelfExecutable());
}

int Child(const std::vector<std::string>& args) {
  ChildOptions o;
  std::string error;
  if (!ChildOptions::Parse(args, &o, &error)) {
    std::cerr << error << "\n";
    return 2;
  }
  return RunScenarioChild(o);
}

}  // namespace

MT_VERB(run,
        {"run", "mtbench run [OPTIONS]",
         "run scenarios, each in its own child; results/<run>/run.json", Run});
MT_VERB(child, {"child", "", "", Child, /*hidden=*/true});

}  // namespace mt::harness
