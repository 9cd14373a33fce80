// The gil scenario's checks on made-up results: each verdict, and the free-
// threaded control turning a scaling claim into "not measurable here".
#include "scenarios/gil/checks.h"

#include <gtest/gtest.h>

#include "harness/child.h"
#include "harness/topology.h"

namespace mt::scenarios::gil {
namespace {

using harness::EvaluateClaim;
using harness::MachineFacts;
using harness::Outcome;
using harness::Results;
using harness::RunSample;
using harness::Summarise;
using harness::Topology;
using harness::Verdict;

const MachineFacts kIdle{2, 2.0, 0};

RunSample Cpu(const std::string& policy, int workers, double work_s,
              double util = 0.5) {
  return {"gil/cpu/" + policy + "/workers:" + std::to_string(workers) +
              "/pin:compact/real_time",
          1,
          work_s * 1e9,
          0,
          {{"work_s", work_s}, {"cpu_util", util}}};
}

// Every policy at 1, 2 and PUs workers; `none_2` is the control's time on
// 2 workers, `gil_2` the tick and interval time on 2 (1 worker takes 1 s).
Results Scaling(double gil_2, double none_2) {
  std::vector<RunSample> s;
  const int pus = Topology::Machine().Pus();
  for (int n : {1, 2, pus}) {
    s.push_back(Cpu("tick", n, n == 1 ? 1 : gil_2));
    s.push_back(Cpu("interval", n, n == 1 ? 1 : gil_2, 1.0 / pus));
    s.push_back(Cpu("none", n, n == 1 ? 1 : n == 2 ? none_2 : 1.0 / n));
    s.push_back(Cpu("per_process", n, n == 1 ? 1 : 1.0 / n));
  }
  return Summarise(s);
}

Verdict Check(Outcome (*check)(const Results&), const Results& r) {
  return EvaluateClaim({"s", "c", true, check}, r, kIdle).outcome.verdict;
}

TEST(GilChecks, ThreadsDoNotScaleUnderTheControl) {
  if (Topology::Machine().Pus() < 2) GTEST_SKIP() << "needs 2 PUs";
  EXPECT_EQ(Check(ThreadsDoNotScale, Scaling(1.0, 0.5)), Verdict::kHolds);
  EXPECT_EQ(Check(ThreadsDoNotScale, Scaling(0.6, 0.5)), Verdict::kFails);
  // The control did not scale either: no verdict.
  EXPECT_EQ(Check(ThreadsDoNotScale, Scaling(1.0, 0.9)),
            Verdict::kNotMeasurable);
}

TEST(GilChecks, ProcessesScaleAndSpinnersUseOnePu) {
  EXPECT_EQ(Check(ProcessesScale, Scaling(1.0, 0.5)), Verdict::kHolds);
  EXPECT_EQ(Check(SpinnersUseOnePu, Scaling(1.0, 0.5)), Verdict::kHolds);
}

RunSample Io(const std::string& policy, int interval_us, double p99_us) {
  return {
      "gil/io_latency/" + policy + "/cpu_threads:1/interval_us:" +
          std::to_string(interval_us) + "/pin:compact/real_time",
      1,
      0,
      0,
      {{"io_p50_us", p99_us / 2}, {"io_p99_us", p99_us}, {"io_samples", 100}}};
}

TEST(GilChecks, LatencyBoundedUnderIntervalNotUnderTick) {
  std::vector<RunSample> s;
  for (int us : kIntervalsUs) s.push_back(Io("interval", us, us + 200));
  s.push_back(Io("tick", kSwitchUs, 40'000));
  const Results r = Summarise(s);
  EXPECT_EQ(Check(IntervalBoundsLatency, r), Verdict::kHolds);
  EXPECT_EQ(Check(TickDoesNotBound, r), Verdict::kHolds);
  s.push_back(Io("interval", 1000, 9000));  // the median of two: 5100 us
  s.push_back(Io("tick", kSwitchUs, 100));
  s.push_back(Io("tick", kSwitchUs, 100));
  const Results worse = Summarise(s);
  EXPECT_EQ(Check(IntervalBoundsLatency, worse), Verdict::kFails);
  EXPECT_EQ(Check(TickDoesNotBound, worse), Verdict::kFails);
}

TEST(GilChecks, HandoffWithinTwiceTheFasterBaseline) {
  auto handoffs = [](double gil, double condvar, double futex) {
    return Summarise({{"gil/handoff/rounds/pin:compact/iterations:5/real_time",
                       1,
                       0,
                       0,
                       {{"gil_ns_min", gil},
                        {"condvar_ns_min", condvar},
                        {"futex_ns_min", futex}}}});
  };
  EXPECT_EQ(Check(HandoffIsCheap, handoffs(9000, 5000, 4500)), Verdict::kHolds);
  EXPECT_EQ(Check(HandoffIsCheap, handoffs(9000, 5000, 4000)), Verdict::kFails);
  EXPECT_EQ(Check(HandoffIsCheap, Summarise({})), Verdict::kNotRun);
}

}  // namespace
}  // namespace mt::scenarios::gil
