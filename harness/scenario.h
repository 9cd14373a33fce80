// The scenario contract: what a scenario registers (benchmarks, claims) and
// what it is given (the run's context). See docs/ARCHITECTURE.md.
#pragma once

#include <benchmark/benchmark.h>

#include <functional>
#include <map>
#include <stdexcept>
#include <string>
#include <vector>

#include "harness/claims.h"
#include "harness/topology.h"

namespace mt::harness {

// What a scenario may know when it registers its benchmarks.
struct ScenarioContext {
  const Topology* topology = nullptr;
  std::vector<PinPolicy> pins;  // the run's --pin policies (default compact)
  bool quick = false;           // smaller axes, shorter runs
  bool pins_given = false;      // --pin was given explicitly

  // The pin axis for scenarios that compare placements: the --pin policies
  // when given, else every policy, less scatter where it would place every
  // worker exactly where compact does (as on a one-package machine without
  // hyperthreads).
  std::vector<PinPolicy> PinAxis() const;
  // The policy for benchmarks without a pin axis, whose names stay the same
  // whatever --pin says: the run's first --pin policy.
  PinPolicy Pin() const {
    return pins.empty() ? PinPolicy::kCompact : pins.front();
  }

  // Thread counts from the topology (1 ... PUs ... 2 x PUs).
  std::vector<int> ThreadSweep() const { return topology->ThreadSweep(); }
  int Pus() const { return topology->Pus(); }
};

// Derived figures over a scenario's results (a fit, the best size found),
// printed after its benchmarks and recorded in run.json under "analysis".
// Throwing MissingMeasurement (or anything) records the reason instead.
struct Analysis {
  std::string name;
  std::function<std::map<std::string, double>(const Results&)> compute;
};

struct Scenario {
  std::string name;      // first component of every benchmark name
  std::string question;  // one line, shown by `mtbench list`
  std::function<void(const ScenarioContext&)> register_benchmarks;
  std::vector<Claim> claims;
  std::vector<Analysis> analyses;
  // Regex (POSIX extended) of this scenario's benchmarks that race or risk
  // deadlock on purpose, for the ThreadSanitizer hunt (`make race`); empty
  // when it has none.
  std::string hunt_filter;
  // Regex (POSIX extended) of this scenario's benchmarks that start workers
  // (threads, processes, partners) though no axis of their name says so;
  // tests/check_run_json.py requires a placement for each, as for every
  // benchmark with a threads:, size:, workers: or tasks: axis above 1.
  std::string starts_workers;
};

// Adds a scenario to the registry; returns true so it can initialise a
// namespace-scope constant (static registration, as Google Benchmark does).
bool AddScenario(Scenario scenario);
// Every registered scenario, sorted by name.
const std::vector<Scenario>& AllScenarios();
const Scenario* FindScenario(const std::string& name);
// "async, counter, ...": the names, for usage errors and --help.
std::string ScenarioNames();

// Says something about this scenario's run that is not a figure (a CPython
// not found, a watchdog's report): printed at once on the console, so it
// survives a child that aborts next, and kept in run.json under the
// scenario's "notes". Scenarios say things through this, never by printing.
// Thread safety: may be called from any thread, also a watchdog's.
void Note(const std::string& text);
// What Note() was given so far, in order.
std::vector<std::string> Notes();

// Registers `body` as benchmark `name` timed on the wall clock, with every
// benchmark thread pinned by `policy` as worker thread_index() of threads()
// and its placement recorded for the results. Each thread's body runs while
// pinned; the binding is undone after it. Workers a benchmark starts itself
// are placed through harness/placement.h.
benchmark::internal::Benchmark* AddPinned(
    const std::string& name, PinPolicy policy,
    std::function<void(benchmark::State&)> body);

}  // namespace mt::harness

// Registers a scenario at static-initialisation time:
//   MT_SCENARIO(counter) { return {.name = "counter", ...}; }
#define MT_SCENARIO(ident)                                            \
  static ::mt::harness::Scenario MtScenario_##ident();                \
  [[maybe_unused]] static const bool mt_scenario_registered_##ident = \
      ::mt::harness::AddScenario(MtScenario_##ident());               \
  static ::mt::harness::Scenario MtScenario_##ident()
