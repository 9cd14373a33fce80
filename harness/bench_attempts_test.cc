// What a benchmark program's output tells the runner: the benchmark that
// started last (the one a crash or hang is pinned on), where each run's
// threads were placed, and which lines are the runner's, not the user's.
#include "harness/bench_attempts.h"

#include <gtest/gtest.h>

namespace mt::harness {
namespace {

// As Google Benchmark (--v=2) and libmtpin.so write them, interleaved with
// the console table.
constexpr char kOutput[] =
    "mtbench-pin: loaded pus=2\n"
    "mtbench-pin: slot=0 pu=0 cpu=0 verified=1\n"
    "-- LOG(2): Running BM_Spin/threads:2 for 1\n"
    "mtbench-pin: slot=1 pu=1 cpu=1 verified=1\n"
    "-- LOG(2): Ran in 0.1/0.1\n"
    "-- LOG(2): Running BM_Spin/threads:2 for 100\n"
    "mtbench-pin: slot=1 pu=1 cpu=0 verified=0\n"
    "BM_Spin/threads:2     1.0 ns    2.0 ns   100\n"
    "-- LOG(2): Running BM_Abort for 1\n";

TEST(ReadOutput, TheLastStartedBenchmarkIsTheOneThatDied) {
  const OutputFacts facts = ReadOutput(kOutput);
  EXPECT_EQ(facts.last_started, "BM_Abort");
  EXPECT_TRUE(facts.pin_library_loaded);
}

TEST(ReadOutput, EachBenchmarkKeepsItsLastRunsPlacement) {
  const OutputFacts facts = ReadOutput(kOutput);
  const auto& spin = facts.placements.at("BM_Spin/threads:2");
  ASSERT_EQ(spin.size(), 2u);
  EXPECT_EQ(spin[0].pu, 0);  // the main thread, placed at load
  EXPECT_TRUE(spin[0].verified);
  EXPECT_EQ(spin[1].pu, 1);  // the second run's thread, not the first's
  EXPECT_EQ(spin[1].cpu, 0);
  EXPECT_FALSE(spin[1].verified);
  ASSERT_EQ(facts.placements.at("BM_Abort").size(), 1u);
}

TEST(ReadOutput, LogLinesCutIntoAConsoleLineStillCount) {
  // Without libmtpin.so stdout is block-buffered: a log line can follow a
  // console line's first half on the same line.
  const OutputFacts facts =
      ReadOutput("BM_A   1 ns-- LOG(2): Running BM_B/8 for 10\n   2 ns\n");
  EXPECT_EQ(facts.last_started, "BM_B/8");
  EXPECT_FALSE(facts.pin_library_loaded);
}

TEST(ReadOutput, NothingStarted) {
  EXPECT_EQ(ReadOutput("error: bad flag\n").last_started, "");
}

TEST(IsMachineLine, OnlyTheLogAndThePinReports) {
  EXPECT_TRUE(IsMachineLine("-- LOG(2): Running BM_A for 1\n"));
  EXPECT_TRUE(IsMachineLine("mtbench-pin: slot=1 pu=1 cpu=1 verified=1\n"));
  EXPECT_FALSE(IsMachineLine("BM_A   1 ns   1 ns   100\n"));
  EXPECT_FALSE(IsMachineLine("my own output mentions mtbench-pin: too\n"));
}

}  // namespace
}  // namespace mt::harness
