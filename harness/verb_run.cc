// `mtbench run` and its internal twin `mtbench child` (one scenario, inside
// the process the runner supervises).
#include <regex.h>

#include <iostream>
#include <sstream>

#include "harness/child.h"
#include "harness/flags.h"
#include "harness/runner.h"
#include "harness/scenario.h"
#include "harness/verbs.h"

namespace mt::harness {
namespace {

std::string ParsePins(const std::string& text, std::vector<PinPolicy>* pins) {
  pins->clear();
  std::stringstream in(text);
  for (std::string item; std::getline(in, item, ',');) {
    std::optional<PinPolicy> p = ParsePinPolicy(item);
    if (!p) {
      return "accepted: " + std::string(kPinPolicyChoices) +
             ", or several joined by commas";
    }
    pins->push_back(*p);
  }
  return pins->empty() ? "give at least one policy" : "";
}

// Google Benchmark matches names with POSIX extended regexes.
std::string CheckRegex(const std::string& text) {
  regex_t re;
  if (regcomp(&re, text.c_str(), REG_EXTENDED | REG_NOSUB) != 0) {
    return "not a valid POSIX extended regular expression";
  }
  regfree(&re);
  return "";
}

std::string ScenarioNames() {
  std::string names;
  for (const Scenario& s : AllScenarios())
    names += (names.empty() ? "" : ", ") + s.name;
  return names;
}

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
                o.filter = v;
                return CheckRegex(v);
              });
  flags.Value("--pin", "POLICY",
              "compact (default), scatter or none; several: a,b",
              [&](const std::string& v) {
                o.pins_given = true;
                return ParsePins(v, &o.pins);
              });
  flags.Switch("--quick", "smaller axes, 50 ms per benchmark",
               [&] { o.quick = true; });
  flags.Int("--repetitions", "N", "repeat each benchmark N times (1-1000)", 1,
            1000, [&](long n) { o.repetitions = static_cast<int>(n); });
  flags.Switch("--random-interleaving",
               "interleave repetitions of benchmarks in random order",
               [&] { o.random_interleaving = true; });
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
  Flags flags("mtbench child");
  auto text = [](std::string* field) {
    return [field](const std::string& v) {
      *field = v;
      return std::string();
    };
  };
  flags.Value("--scenario", "NAME", "", text(&o.scenario));
  flags.Value("--filter", "REGEX", "", text(&o.filter));
  flags.Value("--pin", "POLICIES", "", [&](const std::string& v) {
    o.pins_given = true;
    return ParsePins(v, &o.pins);
  });
  flags.Value("--repetitions", "N", "", [&](const std::string& v) {
    long n = 1;
    ParseInt(v, 1, 1000, &n);
    o.repetitions = static_cast<int>(n);
    return std::string();
  });
  flags.Value("--benchmark-json", "FILE", "", text(&o.benchmark_json));
  flags.Value("--sidecar-json", "FILE", "", text(&o.sidecar_json));
  flags.Value("--machine", "PUS,SPEEDUP,LOAD", "", [&](const std::string& v) {
    std::istringstream in(v);
    char comma;
    in >> o.facts.pus >> comma >> o.facts.parallel_speedup >> comma >>
        o.facts.load_average;
    return in ? std::string() : std::string("expected PUS,SPEEDUP,LOAD");
  });
  flags.Switch("--quick", "", [&] { o.quick = true; });
  flags.Switch("--random-interleaving", "",
               [&] { o.random_interleaving = true; });
  std::string error;
  if (!flags.Parse(args, &error)) {
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
