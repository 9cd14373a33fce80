// The gil scenario's measuring helpers: nearest-rank quantiles, the I/O
// program always leaving a sample, running and reaping a captured program.
#include "scenarios/gil/bench.h"

#include <gtest/gtest.h>
#include <sys/wait.h>

#include "scenarios/gil/cpython.h"

namespace mt::scenarios::gil {
namespace {

TEST(GilNearestRank, PicksTheSmallestSampleCoveringP) {
  const std::vector<double> v = {5, 1, 3, 2, 4};
  EXPECT_EQ(NearestRank(v, 0.2), 1);
  EXPECT_EQ(NearestRank(v, 0.5), 3);
  EXPECT_EQ(NearestRank(v, 0.99), 5);
  EXPECT_EQ(NearestRank(v, 1.0), 5);
  EXPECT_EQ(NearestRank({}, 0.5), 0);
}

// Even an I/O thread starved for the whole run (possible under tick)
// leaves a sample, and every sample is a wait beyond the I/O itself.
TEST(GilRunMixedProgram, TheIoThreadAlwaysRecords) {
  for (auto policy :
       {workloads::GilPolicy::kTick, workloads::GilPolicy::kInterval,
        workloads::GilPolicy::kNone}) {
    workloads::Gil gil(policy, std::chrono::microseconds(500));
    const std::vector<double> samples =
        RunMixedProgram(gil, 2, true, std::chrono::milliseconds(20));
    ASSERT_GE(samples.size(), 1u);
    for (double s : samples) EXPECT_GE(s, 0);
    EXPECT_EQ(gil.holder(), -1);
  }
}

TEST(GilRunCaptured, CapturesBothStreamsAndTheStatus) {
  std::string out;
  EXPECT_EQ(RunCaptured("/bin/sh", {"-c", "echo out; echo err >&2; exit 3"},
                        std::chrono::seconds(30), &out),
            3);
  EXPECT_EQ(out, "out\nerr\n");
  out.clear();
  EXPECT_EQ(
      RunCaptured("/nonexistent/program", {}, std::chrono::seconds(30), &out),
      127);
}

TEST(GilRunCaptured, KillsAndReapsAProgramPastItsLimit) {
  std::string out;
  EXPECT_EQ(RunCaptured("/bin/sh", {"-c", "exec sleep 30"},
                        std::chrono::seconds(1), &out),
            128 + SIGKILL);
  EXPECT_NE(out.find("killed after the time limit"), std::string::npos);
  EXPECT_EQ(waitpid(-1, nullptr, WNOHANG), -1);  // nothing left to reap
}

}  // namespace
}  // namespace mt::scenarios::gil
