// Scenarios that misbehave on purpose, linked only into mtbench_selftest, so
// the runner's handling of crashes, hangs and failures is tested end to end.
#include <signal.h>
#include <unistd.h>

#include <cstdlib>

#include "harness/scenario.h"

namespace mt::tests {
namespace {
using namespace mt::harness;

void Quick(benchmark::State& s) {
  for (auto _ : s) benchmark::DoNotOptimize(s.iterations());
}

}  // namespace

MT_SCENARIO(selftest_ok) {
  return {.name = "selftest_ok",
          .question = "does a well-behaved scenario run and judge its claim?",
          .register_benchmarks =
              [](const ScenarioContext&) {
                benchmark::RegisterBenchmark("selftest_ok/loop", Quick);
              },
          .claims = {
              {"A loop runs.", "iterations > 0", false, [](const Results& r) {
                 return Judge(r.Get("selftest_ok/loop").real_ns > 0, "ran");
               }}}};
}

// One benchmark finishes, then the second crashes: the first must survive.
MT_SCENARIO(selftest_crash) {
  return {.name = "selftest_crash",
          .question = "is a crash recorded with its signal, keeping what ran?",
          .register_benchmarks = [](const ScenarioContext&) {
            benchmark::RegisterBenchmark("selftest_crash/first", Quick);
            benchmark::RegisterBenchmark(
                "selftest_crash/second",
                [](benchmark::State&) { raise(SIGSEGV); });
          }};
}

MT_SCENARIO(selftest_hang) {
  return {.name = "selftest_hang",
          .question = "is a hang ended at the time limit?",
          .register_benchmarks = [](const ScenarioContext&) {
            benchmark::RegisterBenchmark("selftest_hang/forever",
                                         [](benchmark::State&) {
                                           for (;;) pause();
                                         });
          }};
}

MT_SCENARIO(selftest_fail) {
  return {.name = "selftest_fail",
          .question = "is a non-zero exit recorded?",
          .register_benchmarks = [](const ScenarioContext&) {
            benchmark::RegisterBenchmark(
                "selftest_fail/exit", [](benchmark::State&) { std::_Exit(3); });
          }};
}

}  // namespace mt::tests
