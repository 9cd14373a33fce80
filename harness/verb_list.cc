// `mtbench list` and `mtbench topo`: what can be run, and where it would run.
#include <iostream>

#include "harness/flags.h"
#include "harness/scenario.h"
#include "harness/verbs.h"

namespace mt::harness {
namespace {

int List(const std::vector<std::string>& args) {
  bool names_only = false;
  Flags flags("mtbench list");
  flags.Switch("--names", "scenario names only, one a line",
               [&] { names_only = true; });
  std::string error;
  if (!flags.Parse(args, &error)) {
    std::cerr << error << "\n";
    return 2;
  }
  if (flags.help_requested()) {
    std::cout << "usage: mtbench list [--names]\n\n" << flags.Help();
    return 0;
  }
  for (const Scenario& s : AllScenarios()) {
    if (names_only) {
      std::cout << s.name << "\n";
      continue;
    }
    std::cout << s.name << "\n  " << s.question << "\n";
    for (const Claim& c : s.claims)
      std::cout << "  claim: " << c.sentence << "\n";
  }
  return 0;
}

int Topo(const std::vector<std::string>& args) {
  long workers = 0;
  std::string synthetic;
  Flags flags("mtbench topo");
  flags.Value("--workers", "N", "show the pin plan for N workers (1-4096)",
              [&](const std::string& v) {
                return ParseInt(v, 1, 4096, &workers) ? ""
                                                      : "accepted: 1 to 4096";
              });
  flags.Value("--synthetic", "DESC",
              "plan for an hwloc synthetic topology, "
              "e.g. 'pack:2 core:8 pu:2'",
              [&](const std::string& v) {
                synthetic = v;
                return std::string();
              });
  std::string error;
  if (!flags.Parse(args, &error)) {
    std::cerr << error << "\n";
    return 2;
  }
  if (flags.help_requested()) {
    std::cout << "usage: mtbench topo [--workers N] [--synthetic DESC]\n\n"
              << flags.Help();
    return 0;
  }
  std::unique_ptr<Topology> owned;
  const Topology* topo = &Topology::Machine();
  if (!synthetic.empty()) {
    owned = Topology::Synthetic(synthetic, &error);
    if (!owned) {
      std::cerr << "mtbench topo: " << error << "\n";
      return 2;
    }
    topo = owned.get();
  }
  std::cout << topo->Summary().ToString() << "\nthread sweep:";
  for (int n : topo->ThreadSweep()) std::cout << " " << n;
  std::cout << "\n";
  int n = static_cast<int>(workers > 0 ? workers : topo->Pus());
  std::cout << "pin plan for " << n << " workers (PU os index):\n";
  for (PinPolicy p : {PinPolicy::kCompact, PinPolicy::kScatter}) {
    std::cout << "  " << PinPolicyName(p) << ":";
    for (int i = 0; i < n; ++i) std::cout << " " << *topo->PuFor(p, i, n);
    std::cout << "\n";
  }
  std::cout << "  none: left to the kernel\n";
  return 0;
}

}  // namespace

MT_VERB(list, {"list", "mtbench list [--names]",
               "the scenarios, their questions and claims", List});
MT_VERB(topo, {"topo", "mtbench topo [--workers N] [--synthetic DESC]",
               "the hwloc topology and the pin plan for N workers", Topo});

}  // namespace mt::harness
