// counter's variants come from one list (workloads/shared_state/
// counter_variants.h): the increment benchmarks the scenario registers, and
// the variants its claims read, must be exactly that list.
#include <benchmark/benchmark.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <sstream>
#include <string>
#include <vector>

#include "harness/scenario.h"
#include "harness/topology_testing.h"
#include "scenarios/counter/checks.h"
#include "workloads/shared_state/counter_variants.h"

namespace mt::scenarios::counter {
namespace {
using namespace mt::harness;
using workloads::CounterVariantNames;

constexpr std::string_view kIncrement = "counter/increment/";

std::vector<std::string> ListNames() {
  std::vector<std::string> names;
  workloads::ForEachCounterVariant(
      [&]<typename V>() { names.emplace_back(V::kName); });
  return names;
}

// Google Benchmark's --benchmark_list_tests, into a vector: the names a run
// of `filter` would measure, without running anything.
std::vector<std::string> ListedBenchmarks(const std::string& filter) {
  auto set_listing = [](bool on) {
    std::string flag =
        on ? "--benchmark_list_tests=true" : "--benchmark_list_tests=false";
    char program[] = "variants_test";
    char* argv[] = {program, flag.data(), nullptr};
    int argc = 2;
    benchmark::Initialize(&argc, argv);
  };
  std::ostringstream out;
  benchmark::ConsoleReporter reporter;
  reporter.SetOutputStream(&out);
  reporter.SetErrorStream(&out);
  set_listing(true);
  benchmark::RunSpecifiedBenchmarks(&reporter, filter);
  set_listing(false);
  std::vector<std::string> names;
  std::istringstream lines(out.str());
  for (std::string line; std::getline(lines, line);) names.push_back(line);
  return names;
}

// The increment benchmarks counter registers on a two-core machine, with
// every pin policy its axis takes there.
std::vector<std::string> RegisteredIncrements() {
  auto topology = MakeSynthetic("pack:1 core:2 pu:1");
  ScenarioContext ctx{.topology = topology.get(),
                      .pins = {PinPolicy::kCompact}};
  const Scenario* scenario = FindScenario("counter");
  if (scenario == nullptr) return {};
  benchmark::ClearRegisteredBenchmarks();
  scenario->register_benchmarks(ctx);
  std::vector<std::string> names = ListedBenchmarks("^counter/increment/");
  benchmark::ClearRegisteredBenchmarks();
  return names;
}

// "counter/increment/<variant>/...": the variant.
std::string VariantOf(const std::string& name) {
  const std::string rest = name.substr(kIncrement.size());
  return rest.substr(0, rest.find('/'));
}

TEST(CounterVariants, ScenarioRegistersExactlyTheListInItsOrder) {
  ASSERT_NE(FindScenario("counter"), nullptr);
  std::vector<std::string> variants;
  for (const std::string& name : RegisteredIncrements()) {
    const std::string v = VariantOf(name);
    if (std::find(variants.begin(), variants.end(), v) == variants.end()) {
      variants.push_back(v);
    }
  }
  EXPECT_EQ(variants, ListNames());
}

// A run of the registered benchmarks in which exactly the variants in
// `losing` lost updates (on 2+ threads).
Results RunWhereLosing(const std::vector<std::string>& registered,
                       const std::vector<std::string>& losing) {
  Results results;
  for (const std::string& name : registered) {
    Measurement m;
    m.name = name;
    m.threads = std::stoi(name.substr(name.rfind("threads:") + 8));
    const bool loses =
        m.threads > 1 && std::find(losing.begin(), losing.end(),
                                   VariantOf(name)) != losing.end();
    const double lost = loses ? 10 : 0;
    m.counters = m.counters_min =
        m.counters_max = {{"lost", lost}, {"lost_fraction", lost / 100}};
    results.Add(m);
  }
  return results;
}

// Every variant of the list counts in exactly one of the two loss claims:
// making it lose (or not) turns that claim, and only that one, to "fails".
TEST(CounterVariants, EachVariantCountsInExactlyOneLossClaim) {
  const std::vector<std::string> registered = RegisteredIncrements();
  ASSERT_FALSE(registered.empty());
  const std::vector<std::string> inexact = CounterVariantNames(false);
  EXPECT_EQ(UnlockedLoses(RunWhereLosing(registered, inexact)).verdict,
            Verdict::kHolds);
  EXPECT_EQ(LockedLosesNothing(RunWhereLosing(registered, inexact)).verdict,
            Verdict::kHolds);
  for (const std::string& v : ListNames()) {
    std::vector<std::string> flipped = inexact;
    const bool exact = std::erase(flipped, v) == 0;
    if (exact) flipped.push_back(v);
    const Results run = RunWhereLosing(registered, flipped);
    EXPECT_EQ(UnlockedLoses(run).verdict,
              exact ? Verdict::kHolds : Verdict::kFails)
        << v;
    EXPECT_EQ(LockedLosesNothing(run).verdict,
              exact ? Verdict::kFails : Verdict::kHolds)
        << v;
  }
}

TEST(CounterVariants, ExactAndLosingPartitionTheList) {
  std::vector<std::string> both = CounterVariantNames(false);
  for (const std::string& v : CounterVariantNames(true)) both.push_back(v);
  std::vector<std::string> all = ListNames();
  std::sort(both.begin(), both.end());
  std::sort(all.begin(), all.end());
  EXPECT_EQ(both, all);
  EXPECT_EQ(CounterVariantNames(false),
            (std::vector<std::string>{"racy", "split_rmw"}));
}

}  // namespace
}  // namespace mt::scenarios::counter
