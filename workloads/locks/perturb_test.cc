// Tests for the hunt's schedule perturbation: seed parsing, replayable
// decisions, and rates as documented.
#include "workloads/locks/perturb.h"

#include <gtest/gtest.h>

#include <vector>

namespace mt::workloads {
namespace {

TEST(ParsePerturbSeed, AcceptsWholeDecimalNumbersOnly) {
  EXPECT_EQ(ParsePerturbSeed(nullptr), 0u);
  EXPECT_EQ(ParsePerturbSeed(""), 0u);
  EXPECT_EQ(ParsePerturbSeed("12345"), 12345u);
  EXPECT_EQ(ParsePerturbSeed("18446744073709551615"), 18446744073709551615u);
  EXPECT_EQ(ParsePerturbSeed("12x"), 0u);
  EXPECT_EQ(ParsePerturbSeed("-3"), 0u);
}

std::vector<PerturbAction> Decisions(std::uint64_t seed, int n) {
  PerturbSchedule schedule(seed);
  std::vector<PerturbAction> out;
  for (int i = 0; i < n; ++i) out.push_back(schedule.Next());
  return out;
}

TEST(PerturbSchedule, SameSeedReplaysTheSameDecisions) {
  EXPECT_EQ(Decisions(42, 10000), Decisions(42, 10000));
  EXPECT_NE(Decisions(42, 10000), Decisions(43, 10000));
}

// The stream is deterministic, so these counts are exact for the seed; the
// bounds only check that the rates are the documented ones.
TEST(PerturbSchedule, YieldsAndSleepsAtTheDocumentedRates) {
  const int n = 1 << 20;
  int yields = 0, sleeps = 0;
  for (PerturbAction a : Decisions(7, n)) {
    yields += a == PerturbAction::kYield;
    sleeps += a == PerturbAction::kSleep;
  }
  const double yield_rate =
      1.0 / PerturbSchedule::kYieldOneIn - 1.0 / PerturbSchedule::kSleepOneIn;
  EXPECT_NEAR(double(yields) / n, yield_rate, 0.1 * yield_rate);
  EXPECT_NEAR(double(sleeps) / n, 1.0 / PerturbSchedule::kSleepOneIn,
              0.1 / PerturbSchedule::kSleepOneIn);
}

}  // namespace
}  // namespace mt::workloads
