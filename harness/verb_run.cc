// `mtbench run` and its internal twin `mtbench child` (one scenario, inside
// the process the runner supervises).
#include <algorithm>
#include <iostream>
#include <sstream>

#include "harness/child.h"
#include "harness/flags.h"
#include "harness/runner.h"
#include "harness/scenario.h"
#include "harness/verbs.h"

namespace mt::harness {
namespace {

constexpr char kUsage[] =
    "usage: mtbench run [OPTIONS] [-- GOOGLE-BENCHMARK-FLAGS...]\n";

constexpr char kAbout[] =
    "Runs each scenario in its own child process (a time limit each; a crash "
    "or hang\nis recorded and the run goes on) and writes "
    "results/<run>/run.json and run.csv,\nthen prints a summary of every "
    "claim's verdict.\n\n"
    "After --, flags for Google Benchmark itself, e.g. "
    "--benchmark_min_warmup_time=0.5\n(not those mtbench sets: out, "
    "out_format, filter, repetitions, list_tests,\nenable_random_interleaving; "
    "use its own options for those).\n\n"
    "Exit status: 0 every scenario ran, whatever its claims say (a lesson that "
    "does\nnot hold on this machine is a finding, not an error); 1 a scenario "
    "failed,\ncrashed or timed out (or, with --strict, a claim failed); 2 a "
    "usage error\n(nothing run); 130 interrupted (what was measured is "
    "kept).\n\n"
    "--gbench PATH runs a Google Benchmark binary you built as a scenario is "
    "run: a\ntime limit, crash and hang isolation (the benchmark that died is "
    "recorded and\nthe others still run), pinned by the first --pin policy "
    "(libmtpin.so places\nits threads), --repetitions, --random-interleaving "
    "and --quick (50 ms per\nbenchmark) passed on as Google Benchmark flags; "
    "its results land in run.json\nas <file name>/<benchmark>. Without "
    "--scenario, only the binaries run.\n--gbench-filter and --gbench-source "
    "take VALUE for every binary, or NAME=VALUE\nfor the binary whose file "
    "name is NAME (e.g. --gbench-filter 'my_bench=BM_Sort').\n\n";

// "" when `flag` may be passed to Google Benchmark, else why not.
std::string CheckBenchmarkFlag(const std::string& flag) {
  if (flag.rfind("--benchmark_", 0) != 0)
    return "after --, only Google Benchmark flags (--benchmark_...)";
  for (const char* ours :
       {"--benchmark_out", "--benchmark_filter", "--benchmark_repetitions",
        "--benchmark_list_tests", "--benchmark_enable_random_interleaving"}) {
    const std::string name(ours);
    if (flag.compare(0, name.size(), name) == 0 &&
        (flag.size() == name.size() || flag[name.size()] == '=' ||
         flag.compare(0, name.size() + 7, name + "_format") == 0))
      return "mtbench sets this one; use mtbench run's own option "
             "(--filter, --repetitions, --random-interleaving, --out)";
  }
  return "";
}

int Run(const std::vector<std::string>& args) {
  RunOptions o;
  Flags flags("mtbench run");
  flags.Value("--scenario", "NAME",
              "run this scenario (repeatable; default all)",
              [&](const std::string& v) -> std::string {
                if (!FindScenario(v)) return "accepted: " + ScenarioNames();
                if (std::find(o.scenarios.begin(), o.scenarios.end(), v) ==
                    o.scenarios.end())
                  o.scenarios.push_back(v);  // named twice: run once
                return "";
              });
  flags.Value("--filter", "REGEX", "only benchmarks whose name matches",
              [&](const std::string& v) {
                o.child.filter = v;
                return CheckPosixRegex(v);
              });
  std::vector<std::string> gbench_paths, gbench_filters, gbench_sources;
  auto collect = [](std::vector<std::string>* into) {
    return [into](const std::string& v) -> std::string {
      if (v.empty()) return "give a value";
      into->push_back(v);
      return "";
    };
  };
  flags.Value("--gbench", "PATH",
              "also run this Google Benchmark binary (repeatable)",
              collect(&gbench_paths));
  flags.Value("--gbench-filter", "[NAME=]REGEX",
              "benchmarks of the --gbench binaries (or of binary NAME) to run",
              collect(&gbench_filters));
  flags.Value("--gbench-source", "[NAME=]DIR",
              "source tree of the binaries for their git commit (default: "
              "the binary's folder)",
              collect(&gbench_sources));
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
  flags.Switch("--strict",
               "exit 1 when a claim fails too (for CI; default: only when a "
               "scenario failed)",
               [&] { o.strict = true; });
  flags.Switch("--report",
               "write report.html and report.md into the run's folder "
               "(Debian's python3 with numpy, scipy, matplotlib)",
               [&] { o.report = true; });
  flags.Value("--csv", "FILE",
              "also write the results as CSV to FILE (the run's folder "
              "always has run.csv)",
              [&](const std::string& v) -> std::string {
                if (v.empty()) return "give a file";
                o.csv_path = v;
                return "";
              });
  std::string error;
  if (!flags.Parse(args, &error)) {
    std::cerr << error << "\n";
    return 2;
  }
  if (flags.help_requested()) {
    std::cout << kUsage << "\n"
              << kAbout << flags.Help() << "\nscenarios: " << ScenarioNames()
              << "\n";
    return 0;
  }
  for (const std::string& f : flags.rest()) {
    if (std::string why = CheckBenchmarkFlag(f); !why.empty()) {
      std::cerr << "mtbench run: " << f << ": " << why << "\n";
      return 2;
    }
  }
  o.child.benchmark_flags = flags.rest();
  if (std::string why = ResolveGbench(gbench_paths, gbench_filters,
                                      gbench_sources, &o.gbench);
      !why.empty()) {
    std::cerr << "mtbench run: " << why << "\n";
    return 2;
  }
  if (o.scenarios.empty() && o.gbench.empty()) {
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
