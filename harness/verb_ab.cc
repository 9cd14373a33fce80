// `mtbench ab BASE NEW`: the options; the rounds live in ab.cc, the
// statistics in scripts/ab.py.
#include <chrono>
#include <iostream>

#include "harness/ab.h"
#include "harness/child.h"
#include "harness/flags.h"
#include "harness/scenario.h"
#include "harness/verbs.h"

namespace mt::harness {
namespace {

constexpr char kUsage[] =
    "usage: mtbench ab BASE NEW [OPTIONS] [-- GOOGLE-BENCHMARK-FLAGS...]\n";

constexpr char kAbout[] =
    "Runs two builds of one Google Benchmark binary (or, with --scenario, "
    "two mtbench\nbinaries) alternately, round by round, on the same pinned "
    "PUs, in a seeded random\norder within each round: what the machine does "
    "meanwhile falls on both. For each\nbenchmark, the median of its paired "
    "ratios NEW/BASE (time per iteration, by the\nclock the benchmark is "
    "timed by: real time for UseRealTime ones, CPU time else),\nan exact "
    "confidence interval of that median (the sign test's order "
    "statistics), and\na verdict: slower, faster, unchanged or too noisy. "
    "Everything goes to\nresults/ab/<run>/: ab_rounds.json (every round), "
    "ab.json, ab.png, report.html/.md.\n\n"
    "Use it before merging a change: same machine, same minutes. For drift "
    "across days\nuse make nightly and mtbench compare --history.\n\n"
    "Exit status: 0 no benchmark slower; 1 one is slower by more than the "
    "threshold,\nwith significance; 2 bad input (nothing run); 130 "
    "interrupted (the rounds so far\nare judged).\n\n";

int Ab(const std::vector<std::string>& args) {
  AbOptions o;
  o.seed = static_cast<std::uint64_t>(
      std::chrono::system_clock::now().time_since_epoch().count());
  // 100 ms per benchmark and process, not Google Benchmark's 0.5 s: many
  // short rounds pair more closely in time, and give more pairs, than a few
  // long ones (a round of a 4-benchmark binary takes 2-4 s here).
  o.settings.min_time = "0.1";
  std::vector<std::string> rest = args;
  const bool help = !args.empty() && (args[0] == "--help" || args[0] == "-h");
  if (!help) {
    if (args.size() < 2 || args[0].rfind("-", 0) == 0 ||
        args[1].rfind("-", 0) == 0) {
      std::cerr << kUsage
                << "mtbench ab: give BASE and NEW first: two builds of one "
                   "Google Benchmark binary\n(or two mtbench binaries with "
                   "--scenario NAME)\n";
      return 2;
    }
    o.base_path = args[0];
    o.new_path = args[1];
    rest.assign(args.begin() + 2, args.end());
  }
  Flags flags("mtbench ab");
  flags.Value("--scenario", "NAME",
              "BASE and NEW are mtbench binaries; compare this scenario",
              [&](const std::string& v) -> std::string {
                if (!FindScenario(v)) return "accepted: " + ScenarioNames();
                o.scenario = v;
                return "";
              });
  flags.Value("--filter", "REGEX", "only benchmarks whose name matches",
              [&](const std::string& v) {
                o.filter = v;
                return CheckPosixRegex(v);
              });
  flags.Int("--rounds", "N", "exactly N rounds (default: as --time allows)", 1,
            1000, [&](long n) { o.rounds = static_cast<int>(n); });
  flags.Int("--time", "S",
            "run rounds for about S seconds, at least 10 rounds (default 180)",
            10, 86400,
            [&](long n) { o.time_seconds = static_cast<double>(n); });
  flags.Value("--threshold", "FRACTION",
              "smallest slowdown that fails the run (default 0.03)",
              [&](const std::string& v) -> std::string {
                char* end = nullptr;
                o.threshold = std::strtod(v.c_str(), &end);
                return *end == '\0' && o.threshold > 0 && o.threshold < 1
                           ? ""
                           : "accepted: a fraction between 0 and 1, e.g. 0.03";
              });
  flags.Value("--seed", "N",
              "seed of the order within rounds (default: "
              "the clock; recorded)",
              [&](const std::string& v) -> std::string {
                long n = 0;
                if (!ParseInt(v, 0, std::numeric_limits<long>::max(), &n))
                  return "accepted: a whole number >= 0";
                o.seed = static_cast<std::uint64_t>(n);
                return "";
              });
  flags.Value("--pin", "POLICY", "compact (default), scatter or none",
              [&](const std::string& v) -> std::string {
                std::vector<PinPolicy> pins;
                if (std::string why = ParsePinList(v, &pins); !why.empty())
                  return why;
                if (pins.size() != 1) return "give one policy";
                o.settings.policy = pins[0];
                return "";
              });
  flags.Switch("--quick", "50 ms per benchmark and process (default 100 ms)",
               [&] {
                 o.settings.min_time = "0.05";
                 o.settings.quick = true;
               });
  flags.Int("--timeout", "S", "seconds one process may take (default 120)", 1,
            86400, [&](long n) { o.timeout_seconds = static_cast<double>(n); });
  flags.Value("--out", "DIR", "results root (default results)",
              [&](const std::string& v) -> std::string {
                if (v.empty()) return "give a folder";
                o.out_root = v;
                return "";
              });
  std::string error;
  if (!flags.Parse(rest, &error)) {
    std::cerr << error << "\n";
    return 2;
  }
  if (help || flags.help_requested()) {
    std::cout << kUsage << "\n" << kAbout << flags.Help();
    return 0;
  }
  o.settings.flags = flags.rest();
  o.command_line = "mtbench ab";
  for (const std::string& a : args) o.command_line += " " + a;
  return RunAb(o);
}

}  // namespace

MT_VERB(ab,
        {"ab", "mtbench ab BASE NEW [OPTIONS]",
         "two builds alternated round by round; slower, faster or not", Ab});

}  // namespace mt::harness
