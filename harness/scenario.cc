// The scenario registry and pinned benchmark registration.
#include "harness/scenario.h"

#include <algorithm>
#include <iostream>
#include <memory>

#include "harness/pinning.h"
#include "harness/placement_log.h"
#include "workloads/base/mutex.h"
#include "workloads/base/thread_annotations.h"

namespace mt::harness {
namespace {

std::vector<Scenario>& Registry() {
  static auto* scenarios = new std::vector<Scenario>;
  return *scenarios;
}

// Note() may be called from any thread (a watchdog's, a benchmark's).
struct NoteLog {
  workloads::Mutex mu;
  std::vector<std::string> notes GUARDED_BY(mu);
};
NoteLog& Log() {
  static auto* log = new NoteLog;  // leaked on purpose, as the registry
  return *log;
}

}  // namespace

void Note(const std::string& text) {
  NoteLog& log = Log();
  workloads::LockGuard lock(log.mu);
  std::cout << "note: " << text << std::endl;
  log.notes.push_back(text);
}

std::vector<std::string> Notes() {
  NoteLog& log = Log();
  workloads::LockGuard lock(log.mu);
  return log.notes;
}

std::vector<PinPolicy> ScenarioContext::PinAxis() const {
  if (pins_given) return pins;
  std::vector<PinPolicy> axis = {PinPolicy::kCompact};
  const int n = 2 * topology->Pus();
  for (int i = 0; i < n; ++i) {
    if (topology->PuFor(PinPolicy::kScatter, i, n) !=
        topology->PuFor(PinPolicy::kCompact, i, n)) {
      axis.push_back(PinPolicy::kScatter);
      break;
    }
  }
  axis.push_back(PinPolicy::kNone);
  return axis;
}

bool AddScenario(Scenario scenario) {
  std::vector<Scenario>& all = Registry();
  auto at = std::lower_bound(
      all.begin(), all.end(), scenario.name,
      [](const Scenario& s, const std::string& n) { return s.name < n; });
  all.insert(at, std::move(scenario));
  return true;
}

const std::vector<Scenario>& AllScenarios() { return Registry(); }

const Scenario* FindScenario(const std::string& name) {
  for (const Scenario& s : Registry()) {
    if (s.name == name) return &s;
  }
  return nullptr;
}

std::string ScenarioNames() {
  std::string names;
  for (const Scenario& s : Registry())
    names += (names.empty() ? "" : ", ") + s.name;
  return names;
}

benchmark::internal::Benchmark* AddPinned(
    const std::string& name, PinPolicy policy,
    std::function<void(benchmark::State&)> body) {
  auto shared =
      std::make_shared<std::function<void(benchmark::State&)>>(std::move(body));
  return benchmark::RegisterBenchmark(
             name.c_str(),
             [name, policy, shared](benchmark::State& state) {
               ScopedPin pin(policy, state.thread_index(), state.threads());
               RecordPlacement(name, policy, state.thread_index(),
                               state.threads(), pin);
               (*shared)(state);
             })
      ->UseRealTime();
}

}  // namespace mt::harness
