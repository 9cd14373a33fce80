// Tests for the hunt's plan and environment: schedules and seeds, shards
// that together run exactly one hunt's runs, durations, TSAN_OPTIONS, the
// strategies' environment; and the ELF check of TSan builds.
#include "harness/hunt.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <map>
#include <set>

#include "harness/elf_symbols.h"
#include "harness/hunt_run.h"
#include "harness/hunt_strategy.h"
#include "workloads/base/tsan_build.h"

namespace mt::harness {
namespace {

TEST(ScheduleFor, CyclesThroughPlacementAndLoad) {
  const std::vector<int> pus = {0, 1, 2, 3};
  RunSchedule all = ScheduleFor(0, 7, pus), one = ScheduleFor(1, 7, pus),
              all_load = ScheduleFor(2, 7, pus),
              one_load = ScheduleFor(3, 7, pus);
  EXPECT_EQ(all.pu, -1);
  EXPECT_TRUE(all.load_pus.empty());
  EXPECT_GE(one.pu, 0);
  EXPECT_TRUE(one.load_pus.empty());
  EXPECT_EQ(all_load.pu, -1);
  EXPECT_EQ(all_load.load_pus, pus);
  EXPECT_GE(one_load.pu, 0);
  EXPECT_EQ(one_load.load_pus, std::vector<int>{one_load.pu});
  EXPECT_EQ(ScheduleFor(4, 7, pus).pu, -1);  // and round again
}

TEST(ScheduleFor, SeedsReplayAndDiffer) {
  const std::vector<int> pus = {0, 1};
  for (int i = 0; i < 100; ++i) {
    RunSchedule a = ScheduleFor(i, 42, pus);
    EXPECT_NE(a.seed, 0u);  // 0 would switch the yields off
    EXPECT_EQ(a.seed, ScheduleFor(i, 42, pus).seed);
    EXPECT_EQ(a.pu, ScheduleFor(i, 42, pus).pu);
    EXPECT_NE(a.seed, ScheduleFor(i, 43, pus).seed);
    EXPECT_NE(a.seed, ScheduleFor(i + 1, 42, pus).seed);
  }
}

std::vector<int> Indices(RunPlan plan) {
  std::vector<int> out;
  for (int i = plan.Next(); i >= 0 && out.size() < 1000; i = plan.Next())
    out.push_back(i);
  return out;
}

TEST(RunPlan, ShardsTogetherRunEveryRunOnce) {
  for (int runs : {1, 7, 20, 101}) {
    for (int n : {1, 2, 3, 8}) {
      std::vector<int> all;
      for (int i = 0; i < n; ++i) {
        RunPlan plan(runs, {i, n});
        std::vector<int> part = Indices(plan);
        EXPECT_EQ(plan.planned(), static_cast<int>(part.size()));
        all.insert(all.end(), part.begin(), part.end());
      }
      std::vector<int> expected(runs);
      for (int i = 0; i < runs; ++i) expected[i] = i;
      EXPECT_EQ(all, expected) << runs << " runs, " << n << " shards";
    }
  }
  // Contiguous blocks: each shard cycles through the four schedules too.
  EXPECT_EQ(Indices(RunPlan(20, {1, 2})).front(), 10);
}

TEST(RunPlan, ByTimeShardsInterleave) {
  RunPlan plan(0, {1, 3});
  EXPECT_EQ(plan.planned(), -1);
  EXPECT_EQ(plan.Next(), 1);
  EXPECT_EQ(plan.Next(), 4);
  EXPECT_EQ(plan.Next(), 7);
}

TEST(ParseShard, IndexOfCountOrCountAlone) {
  Shard s;
  bool index = false;
  std::string error;
  ASSERT_TRUE(ParseShard("2/5", &s, &index, &error));
  EXPECT_EQ(s.index, 2);
  EXPECT_EQ(s.count, 5);
  EXPECT_TRUE(index);
  ASSERT_TRUE(ParseShard("4", &s, &index, &error));
  EXPECT_EQ(s.count, 4);
  EXPECT_FALSE(index);
  for (const char* bad : {"5/5", "-1/3", "1/0", "a/b", "", "1/2/3"}) {
    EXPECT_FALSE(ParseShard(bad, &s, &index, &error)) << bad;
    EXPECT_NE(error.find("accepted: I/N"), std::string::npos);
  }
}

TEST(ShardFromEnvironment, KubernetesAndSlurm) {
  std::map<std::string, std::string> env;
  auto get = [&](const char* name) -> const char* {
    auto it = env.find(name);
    return it == env.end() ? nullptr : it->second.c_str();
  };
  Shard s;
  std::string error;
  ASSERT_TRUE(ShardFromEnvironment(0, get, &s, &error));
  EXPECT_EQ(s.count, 1);  // nothing named: no sharding
  env = {{"JOB_COMPLETION_INDEX", "3"}, {"MTBENCH_SHARDS", "4"}};
  ASSERT_TRUE(ShardFromEnvironment(0, get, &s, &error)) << error;
  EXPECT_EQ(s.index, 3);
  EXPECT_EQ(s.count, 4);
  ASSERT_TRUE(ShardFromEnvironment(5, get, &s, &error));  // --shard 5
  EXPECT_EQ(s.count, 5);
  env = {{"SLURM_ARRAY_TASK_ID", "4"},
         {"SLURM_ARRAY_TASK_MIN", "1"},
         {"SLURM_ARRAY_TASK_COUNT", "4"}};
  ASSERT_TRUE(ShardFromEnvironment(0, get, &s, &error)) << error;
  EXPECT_EQ(s.index, 3);  // an array 1-4
  EXPECT_EQ(s.count, 4);
  env = {{"MTBENCH_SHARDS", "4"}};
  EXPECT_FALSE(ShardFromEnvironment(0, get, &s, &error));
  EXPECT_NE(error.find("no shard index"), std::string::npos);
  env = {{"JOB_COMPLETION_INDEX", "4"}, {"MTBENCH_SHARDS", "4"}};
  error.clear();
  EXPECT_FALSE(ShardFromEnvironment(0, get, &s, &error));
  env = {{"JOB_COMPLETION_INDEX", "x"}, {"MTBENCH_SHARDS", "4"}};
  error.clear();
  EXPECT_FALSE(ShardFromEnvironment(0, get, &s, &error));
  EXPECT_NE(error.find("JOB_COMPLETION_INDEX=x"), std::string::npos);
}

TEST(ParseDuration, UnitsAndRange) {
  double s = 0;
  EXPECT_TRUE(ParseDuration("90s", &s));
  EXPECT_EQ(s, 90);
  EXPECT_TRUE(ParseDuration("10m", &s));
  EXPECT_EQ(s, 600);
  EXPECT_TRUE(ParseDuration("1h30m", &s));
  EXPECT_EQ(s, 5400);
  EXPECT_TRUE(ParseDuration("45", &s));
  EXPECT_EQ(s, 45);
  for (const char* bad : {"", "0s", "s", "10x", "-5", "8d", "1.5m", "9999h"})
    EXPECT_FALSE(ParseDuration(bad, &s)) << bad;
}

TEST(ComposeTsanOptions, InheritedThenOursThenExtraThenLogPath) {
  std::string o = ComposeTsanOptions("halt_on_error=1:verbosity=1", "/s.supp",
                                     "history_size=7", "/r/tsan");
  // TSan reads left to right, the last value winning.
  EXPECT_EQ(o.find("halt_on_error=1:verbosity=1:"), 0u);
  EXPECT_GT(o.find("halt_on_error=0"), o.find("halt_on_error=1"));
  EXPECT_GT(o.find("history_size=7"), o.find("history_size=4"));
  EXPECT_NE(o.find(":suppressions=/s.supp"), std::string::npos);
  EXPECT_NE(o.find("second_deadlock_stack=1"), std::string::npos);
  EXPECT_NE(o.find("detect_deadlocks=1"), std::string::npos);
  EXPECT_NE(o.find("handle_abort=1"), std::string::npos);  // assertion stacks
  const std::string tail = ":log_path=/r/tsan";
  EXPECT_EQ(o.substr(o.size() - tail.size()), tail);
  EXPECT_EQ(ComposeTsanOptions("", "", "", "/x").find("halt_on_error=0"), 0u);
  // A replay's reports go to its terminal.
  EXPECT_EQ(ComposeTsanOptions("", "", "", "").find("log_path"),
            std::string::npos);
}

TEST(Strategy, NoneSetsTheYieldSeedSchedulerNeedsItsLibrary) {
  std::string error;
  auto none = MakeStrategy("none", "/no/lib.so", &error);
  ASSERT_TRUE(none);
  EXPECT_EQ(none->Environment({3, 99, "/r"}),
            std::vector<std::string>{"MT_PERTURB_SEED=99"});
  EXPECT_FALSE(MakeStrategy("pct", "/no/such/libmtsched.so", &error));
  EXPECT_NE(error.find("not built"), std::string::npos);
  EXPECT_FALSE(MakeStrategy("dfs", "/no/lib.so", &error));
  EXPECT_NE(error.find("accepted: pct, random, none"), std::string::npos);
  EXPECT_EQ(DefaultStrategy("/no/such/libmtsched.so"), "none");
  // Any readable file stands in for the library here.
  auto pct = MakeStrategy("pct", __FILE__, &error);
  ASSERT_TRUE(pct);
  EXPECT_EQ(DefaultStrategy(__FILE__), "pct");
  const std::vector<std::string> env = pct->Environment({3, 99, "/r/run-003"});
  const std::set<std::string> vars(env.begin(), env.end());
  EXPECT_TRUE(vars.count(std::string("LD_PRELOAD=") + __FILE__));
  EXPECT_TRUE(vars.count("MT_SCHED_STRATEGY=pct"));
  EXPECT_TRUE(vars.count("MT_SCHED_SEED=99"));
  EXPECT_TRUE(vars.count("MT_SCHED_OUT=/r/run-003/sched"));
  EXPECT_TRUE(vars.count("MT_PERTURB_SEED=99"));
  EXPECT_FALSE(vars.count("MT_SCHED_STEPS=0"));  // no previous run
  // The previous run's steps are the next one's k.
  StrategyRun next{4, 100, "/r/run-004", 37};
  const std::vector<std::string> env2 = pct->Environment(next);
  const std::set<std::string> vars2(env2.begin(), env2.end());
  EXPECT_TRUE(vars2.count("MT_SCHED_STEPS=37"));
  // random has no k.
  auto random = MakeStrategy("random", __FILE__, &error);
  ASSERT_TRUE(random);
  for (const std::string& v : random->Environment(next))
    EXPECT_EQ(v.find("MT_SCHED_STEPS"), std::string::npos) << v;
  EXPECT_EQ(SchedulerLibrary("/b/tsan/mtbench"),
            "/b/tsan/preload/libmtsched.so");
}

TEST(ElfHasSymbol, TellsTsanBuildsApart) {
  std::string error;
  std::optional<bool> self =
      ElfHasSymbol("/proc/self/exe", kTsanInitSymbol, &error);
  ASSERT_TRUE(self.has_value()) << error;
  EXPECT_EQ(*self, workloads::kTsanBuild);
  std::optional<bool> sh = ElfHasSymbol("/bin/sh", kTsanInitSymbol, &error);
  ASSERT_TRUE(sh.has_value()) << error;
  EXPECT_FALSE(*sh);
  EXPECT_TRUE(*ElfHasSymbol("/bin/sh", "execve", &error));  // undefined ref
}

TEST(ElfHasSymbol, RejectsWhatIsNotElf) {
  std::string error;
  const auto text = std::filesystem::path(__FILE__);
  EXPECT_FALSE(ElfHasSymbol(text, kTsanInitSymbol, &error).has_value());
  EXPECT_NE(error.find("not an ELF file"), std::string::npos);
  EXPECT_FALSE(
      ElfHasSymbol("/no/such/file", kTsanInitSymbol, &error).has_value());
  EXPECT_NE(error.find("No such file"), std::string::npos);
}

}  // namespace
}  // namespace mt::harness
