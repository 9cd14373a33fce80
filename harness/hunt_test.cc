// Tests for the race hunt's pure parts: schedules, TSAN_OPTIONS, findings
// deduplicated across runs, races.json entries, the ELF check.
#include "harness/hunt.h"

#include <gtest/gtest.h>
#include <signal.h>

#include <filesystem>

#include "harness/elf_symbols.h"
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
  const std::string tail = ":log_path=/r/tsan";
  EXPECT_EQ(o.substr(o.size() - tail.size()), tail);
  EXPECT_EQ(ComposeTsanOptions("", "", "", "/x").find("halt_on_error=0"), 0u);
}

Observation Seen(const std::string& signature) {
  return {signature, "data race", "data race", "", {}, "log"};
}

RunRecord Ran(int index, std::vector<Observation> observations) {
  RunRecord r;
  r.index = index;
  r.outcome = "exited";
  r.observations = std::move(observations);
  return r;
}

TEST(Aggregate, OneFindingPerSignatureCountedPerRun) {
  std::vector<RunRecord> runs = {
      Ran(1, {Seen("a")}),
      Ran(2, {Seen("b"), Seen("a"), Seen("b")}),
      Ran(3, {}),
      Ran(4, {Seen("a")}),
  };
  std::vector<Finding> f = Aggregate(runs);
  ASSERT_EQ(f.size(), 2u);
  EXPECT_EQ(f[0].signature, "a");  // most frequent first
  EXPECT_EQ(f[0].count, 3);
  EXPECT_EQ(f[0].reports, 3);
  EXPECT_EQ(f[0].first_run, 1);
  EXPECT_EQ(f[1].signature, "b");
  EXPECT_EQ(f[1].count, 1);
  EXPECT_EQ(f[1].reports, 2);
  EXPECT_EQ(f[1].first_run, 2);
  nlohmann::json j = FindingJson(f[0], 4);
  EXPECT_DOUBLE_EQ(j["hit_rate"].get<double>(), 0.75);
  EXPECT_EQ(j["count"], 3);
  EXPECT_EQ(j["runs"], 4);
}

TEST(Aggregate, NothingSeenNoFinding) {
  EXPECT_TRUE(Aggregate({Ran(1, {}), Ran(2, {})}).empty());
}

TEST(ObserveTsanLog, SameRaceInTwoRunsIsOneFinding) {
  // The racy counter's report, once from each of two runs whose thread ids
  // and addresses differ.
  const std::string a =
      "WARNING: ThreadSanitizer: data race (pid=100)\n"
      "  Write of size 8 at 0x5654915c6e88 by main thread:\n"
      "    #0 Inc() /src/counters.h:23:29 (mtbench+0xe08f1)\n"
      "  Previous write of size 8 at 0x5654915c6e88 by thread T4:\n"
      "    #0 Inc() /src/counters.h:23:29 (mtbench+0xe08f1)\n"
      "SUMMARY: ThreadSanitizer: data race /src/counters.h:23:29 in Inc()\n";
  const std::string b =
      "WARNING: ThreadSanitizer: data race (pid=200)\n"
      "  Read of size 8 at 0x7f00aa000010 by thread T2:\n"
      "    #0 Inc() /src/counters.h:23:20 (mtbench+0xe08e0)\n"
      "  Previous write of size 8 at 0x7f00aa000010 by thread T9:\n"
      "    #0 Inc() /src/counters.h:23:29 (mtbench+0xe08f1)\n"
      "SUMMARY: ThreadSanitizer: data race /src/counters.h:23:20 in Inc()\n";
  std::vector<Finding> f = Aggregate(
      {Ran(1, ObserveTsanLog(a, "x")), Ran(2, ObserveTsanLog(b, "y"))});
  ASSERT_EQ(f.size(), 1u);
  EXPECT_EQ(f[0].count, 2);
  EXPECT_EQ(f[0].example, "x");
}

TEST(ObserveCrash, NamesTheSignal) {
  Observation o = ObserveCrash(SIGABRT);
  EXPECT_EQ(o.kind, "crash (SIGABRT)");
  EXPECT_EQ(o.signature, ObserveCrash(SIGABRT).signature);
  EXPECT_NE(o.signature, ObserveCrash(SIGSEGV).signature);
}

TEST(ObserveHang, WithoutStacksStillOneFinding) {
  Observation a = ObserveHang(60, "", "a"), b = ObserveHang(60, "", "b");
  EXPECT_EQ(a.kind, "hang");
  EXPECT_EQ(a.signature, b.signature);
  EXPECT_TRUE(a.stacks.empty());
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
