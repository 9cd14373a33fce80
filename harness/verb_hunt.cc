// `mtbench hunt`: race hunts in a user's program or in this mtbench's own
// scenarios (their racy and deadlock-prone benchmarks); `mtbench hunt merge`
// joins the shards of one hunt.
#include <iostream>

#include "harness/hunt_merge.h"
#include "harness/hunt_options.h"
#include "harness/hunt_strategy.h"
#include "harness/hunt_targets.h"
#include "harness/scenario.h"
#include "harness/verbs.h"

namespace mt::harness {
namespace {

constexpr char kUsage[] =
    "usage: mtbench hunt [OPTIONS] -- PROGRAM [ARGS...]\n"
    "       mtbench hunt [OPTIONS] --scenario NAME [--filter REGEX]\n"
    "       mtbench hunt [OPTIONS] --all-scenarios\n"
    "       mtbench hunt merge [--out DIR] DIR...\n";

constexpr char kAbout[] =
    "Runs a program built with -fsanitize=thread (or the racy and "
    "deadlock-prone\nbenchmarks of this mtbench's scenarios, which needs the "
    "tsan build) many\ntimes under perturbed schedules: all PUs or one, with "
    "or without competing\nCPU load, and a strategy: pct or random (the "
    "controlled scheduler, preloaded:\nit serialises the threads and picks "
    "who runs at every pthread call, from the\nrun's seed) or none (seeded "
    "yields in mtbench's own locks). Every failure is a\nfinding: "
    "ThreadSanitizer reports, failed assertions, crashes, exit statuses of\n"
    "the program's own checks, deadlocks (the scheduler's, at the step they "
    "form),\nhangs (every thread blocked for 2 s). Findings are deduplicated "
    "into\nresults/<run>/races.json, each with the seed and a line that "
    "replays it.\n\nExit status: 0 nothing found, 1 something found, 2 "
    "usage error or a program\nthat cannot be run (missing, or not built "
    "with ThreadSanitizer), 130 interrupted.\n\n";

int Hunt(const std::vector<std::string>& args) {
  if (!args.empty() && args[0] == "merge")
    return HuntMergeVerb({args.begin() + 1, args.end()});
  HuntRequest r;
  Flags flags("mtbench hunt");
  DeclareHuntFlags(flags, r);
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
  if (std::string why = CheckHuntRequest(r, !program.empty()); !why.empty()) {
    std::cerr << "mtbench hunt: " << why << "\n" << kUsage;
    return 2;
  }
  const std::string self = SelfExecutable();
  HuntOptions& o = r.o;
  o.scheduler_library = SchedulerLibrary(self);
  if (!r.strategy_given) {
    o.strategy = DefaultStrategy(o.scheduler_library);
    o.strategy_defaulted = true;
  }

  std::vector<HuntTarget> targets;
  if (program.empty()) {
    if (std::string why = CheckTsanProgram(self); !why.empty()) {
      std::cerr << "mtbench hunt: scenario hunts run this mtbench's scenarios "
                   "under ThreadSanitizer, but "
                << why
                << "\nbuild the tsan preset and use build/tsan/mtbench "
                   "(make race does both)\n";
      return 2;
    }
    if (r.all) {
      for (const Scenario& s : AllScenarios()) r.scenarios.push_back(s.name);
    }
    for (const std::string& name : r.scenarios) {
      const Scenario* s = FindScenario(name);
      std::string f = r.filter.empty() ? s->hunt_filter : r.filter;
      if (f.empty()) {
        if (!r.all) {
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
    HuntTarget t = ProgramTarget(program, &error);
    if (!error.empty()) {
      std::cerr << "mtbench hunt: " << error << "\n";
      return 2;
    }
    targets.push_back(std::move(t));
  }
  o.command_line = "mtbench hunt";
  for (const std::string& a : args) o.command_line += " " + a;
  return RunHunt(o, targets);
}

}  // namespace

MT_VERB(hunt,
        {"hunt",
         "mtbench hunt [OPTIONS] (-- PROGRAM [ARGS...] | --scenario NAME | "
         "--all-scenarios); mtbench hunt merge DIR...",
         "race hunt: every failure a finding; results/<run>/races.json", Hunt});

}  // namespace mt::harness
