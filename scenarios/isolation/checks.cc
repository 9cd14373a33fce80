// The isolation scenario's claims, each a conjunction of one-counter
// comparisons over the single benchmark of its shape.
#include "scenarios/isolation/checks.h"

#include <csignal>
#include <string>

namespace mt::scenarios::isolation {
using namespace mt::harness;

namespace {

// `check` over the figures of the one run of `shape`, all of them quoted.
// It must hold in every repetition: checks here are conjunctions of one
// counter each (==, >), so holding for every counter's least and for its
// largest value means holding for all of its values.
template <typename Check>
Outcome Holds(const Results& r, const std::string& shape, Check check) {
  const Measurement& m = r.First("^isolation/" + shape + "/");
  std::string numbers = shape + ":";
  for (const auto& [key, value] : m.counters)
    if (key != "items_per_second") numbers += " " + key + " " + Fmt(value);
  return Judge(check([&](const char* key) { return m.CounterMin(key); }) &&
                   check([&](const char* key) { return m.CounterMax(key); }),
               numbers);
}

}  // namespace

Outcome RetryLosesNothing(const Results& r) {
  return Holds(r, "crash/process_pool/retry", [](auto c) {
    return c("crash_signal") == SIGSEGV && c("crashes") == 1 &&
           c("tasks_done") == kTasks && c("tasks_lost") == 0;
  });
}

Outcome ReportsOneFailed(const Results& r) {
  return Holds(r, "crash/process_pool/report_failed", [](auto c) {
    return c("tasks_failed") == 1 && c("tasks_done") == kTasks - 1 &&
           c("tasks_lost") == 0;
  });
}

Outcome ThreadCrashTakesAll(const Results& r) {
  return Holds(r, "crash/thread_pool/restart_process", [](auto c) {
    return c("crash_signal") == SIGSEGV && c("unfinished_at_crash") > 1;
  });
}

}  // namespace mt::scenarios::isolation
