// Claims: verdicts, medians over repetitions, and every way a claim becomes
// "not measurable here" instead of a false verdict.
#include "harness/claims.h"

#include <gtest/gtest.h>

#include "harness/child.h"

namespace mt::harness {
namespace {

Results OneResult() {
  return Summarise({{"s/a/real_time/threads:2", 2, 10, 20, {{"lost", 5}}}});
}

TEST(Summarise, TakesMediansAndSpreadOverRepetitions) {
  Results r = Summarise({{"s/x", 1, 30, 1, {{"c", 3}}},
                         {"s/x", 1, 10, 1, {{"c", 1}}},
                         {"s/x", 1, 20, 1, {{"c", 2}}},
                         {"s/y", 1, 5, 1, {}}});
  const Measurement& x = r.Get("s/x");
  EXPECT_EQ(x.repetitions, 3);
  EXPECT_EQ(x.real_ns, 20);
  EXPECT_EQ(x.real_ns_min, 10);
  EXPECT_EQ(x.real_ns_max, 30);
  EXPECT_EQ(x.Counter("c"), 2);
  EXPECT_EQ(r.Matching("^s/").size(), 2u);
  EXPECT_EQ(r.First("y$").name, "s/y");
}

// One bad repetition in three hides under the median; the extremes show it.
TEST(Summarise, KeepsEachCountersExtremes) {
  Results r = Summarise({{"s/x", 1, 1, 1, {{"lost", 0}}},
                         {"s/x", 1, 1, 1, {{"lost", 7}}},
                         {"s/x", 1, 1, 1, {{"lost", 0}}}});
  const Measurement& x = r.Get("s/x");
  EXPECT_EQ(x.Counter("lost"), 0);
  EXPECT_EQ(x.CounterMin("lost"), 0);
  EXPECT_EQ(x.CounterMax("lost"), 7);
  EXPECT_THROW(x.CounterMax("missing"), MissingMeasurement);
}

TEST(EvaluateClaim, JudgesHoldsAndFails) {
  MachineFacts facts{2, 2.0, 0};
  Claim holds{"s", "lost > 0", false, [](const Results& r) {
                return Judge(
                    r.Get("s/a/real_time/threads:2").Counter("lost") > 0, "5");
              }};
  EXPECT_EQ(EvaluateClaim(holds, OneResult(), facts).outcome.verdict,
            Verdict::kHolds);
  Claim fails{"s", "lost == 0", false, [](const Results& r) {
                return Judge(r.First("threads:2").Counter("lost") == 0, "5");
              }};
  EXPECT_EQ(EvaluateClaim(fails, OneResult(), facts).outcome.verdict,
            Verdict::kFails);
}

TEST(EvaluateClaim, MissingBenchmarkOrCounterIsNotRun) {
  MachineFacts facts{2, 2.0, 0};
  Claim missing{"s", "c", false, [](const Results& r) {
                  return Judge(r.Get("nope").real_ns > 0, "");
                }};
  ClaimResult c = EvaluateClaim(missing, OneResult(), facts);
  EXPECT_EQ(c.outcome.verdict, Verdict::kNotRun);
  EXPECT_NE(c.outcome.numbers.find("nope"), std::string::npos);
  Claim no_counter{"s", "c", false, [](const Results& r) {
                     return Judge(r.First("a").Counter("absent") > 0, "");
                   }};
  EXPECT_EQ(EvaluateClaim(no_counter, OneResult(), facts).outcome.verdict,
            Verdict::kNotRun);
}

TEST(EvaluateClaim, AFilteredOutScalingClaimIsNotRunEvenOnABusyMachine) {
  Claim scaling{"s", "c", true, [](const Results& r) {
                  return Judge(r.Get("nope").real_ns > 0, "");
                }};
  EXPECT_EQ(EvaluateClaim(scaling, OneResult(), MachineFacts{2, 1.1, 9})
                .outcome.verdict,
            Verdict::kNotRun);
}

TEST(EvaluateClaim, ScalingClaimNeedsTheMachineToDeliverItsPus) {
  Claim scaling{"s", "c", true, [](const Results&) { return Judge(true, ""); }};
  ClaimResult busy =
      EvaluateClaim(scaling, OneResult(), MachineFacts{2, 1.2, 3.5});
  EXPECT_EQ(busy.outcome.verdict, Verdict::kNotMeasurable);
  EXPECT_NE(busy.outcome.numbers.find("1.20 on 2 PUs"), std::string::npos);
  ClaimResult idle =
      EvaluateClaim(scaling, OneResult(), MachineFacts{2, 1.9, 0.1});
  EXPECT_EQ(idle.outcome.verdict, Verdict::kHolds);
}

TEST(EvaluateClaim, AThrowingCheckIsNotMeasurableWithTheReason) {
  Claim broken{"s", "c", false, [](const Results&) -> Outcome {
                 throw std::runtime_error("boom");
               }};
  ClaimResult c = EvaluateClaim(broken, OneResult(), MachineFacts{2, 2, 0});
  EXPECT_EQ(c.outcome.verdict, Verdict::kNotMeasurable);
  EXPECT_NE(c.outcome.numbers.find("boom"), std::string::npos);
}

TEST(EvaluateClaim, ACheckThatCannotJudgeIsNotMeasurable) {
  Claim control{"s", "c", false, [](const Results&) -> Outcome {
                  throw CannotJudge("the control did not scale");
                }};
  ClaimResult c = EvaluateClaim(control, OneResult(), MachineFacts{2, 2, 0});
  EXPECT_EQ(c.outcome.verdict, Verdict::kNotMeasurable);
  EXPECT_EQ(c.outcome.numbers, "the control did not scale");
}

TEST(VerdictName, IsTheDocumentedWord) {
  EXPECT_EQ(VerdictName(Verdict::kHolds), "holds");
  EXPECT_EQ(VerdictName(Verdict::kFails), "fails");
  EXPECT_EQ(VerdictName(Verdict::kNotMeasurable), "not measurable here");
  EXPECT_EQ(VerdictName(Verdict::kNotRun), "not run");
}

TEST(Fmt, ThreeSignificantDigitsThenWholeNumbers) {
  EXPECT_EQ(Fmt(0.012345), "0.0123");
  EXPECT_EQ(Fmt(48.24), "48.2");
  EXPECT_EQ(Fmt(7834.4), "7834");
  EXPECT_EQ(Fmt(-12345678), "-12345678");
  EXPECT_EQ(Fmt(0), "0");
}

}  // namespace
}  // namespace mt::harness
