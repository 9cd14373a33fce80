// Pool sweeps come from the topology, and the size analysis reads curves,
// knees, fairness and Goetz's rule correctly from made-up results.
#include "scenarios/pool/bench.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "harness/topology_testing.h"

namespace mt::scenarios::pool {
using namespace mt::harness;
namespace {

TEST(PoolSizes, ComeFromTheTopology) {
  auto two = MakeSynthetic("pack:1 core:2 pu:1");
  EXPECT_EQ(PoolSizes(*two, 8), (std::vector<int>{1, 2, 4, 6, 8}));
  EXPECT_EQ(PoolSizes(*two, 64), (std::vector<int>{1, 2, 4, 6, 8, 16, 32, 64}));
  // 16 cores, 32 PUs: the cores, the PUs and 2-4 x PUs are all steps.
  auto big = MakeSynthetic("pack:2 core:8 pu:2");
  EXPECT_EQ(PoolSizes(*big, 128),
            (std::vector<int>{1, 2, 4, 8, 16, 32, 64, 96, 128}));
  auto six = MakeSynthetic("pack:1 core:6 pu:1");
  EXPECT_EQ(PoolSizes(*six, 24),
            (std::vector<int>{1, 2, 4, 6, 8, 12, 16, 18, 24}));
}

// Results as a run would hold them: tasks/s and cpu_util by size.
Results Curve(const std::string& prefix, const std::vector<SizePoint>& points) {
  Results r;
  for (const SizePoint& p : points) {
    Measurement m;
    m.name = prefix + "size:" + std::to_string(p.size) + "/real_time";
    m.counters = {{"items_per_second", p.tasks_per_s},
                  {"cpu_util", p.cpu_util}};
    r.Add(m);
  }
  Measurement alone;  // the task alone: 100 µs of CPU, 50 µs runnable, in
  alone.name = "k/inline/real_time";  // 450 µs
  alone.real_ns = 450e3;
  alone.counters = {{"c_us", 100}, {"runq_us", 50}};
  r.Add(alone);
  return r;
}

const std::vector<SizePoint> kComputeLike = {
    {1, 1000, 0.5}, {2, 1990, 1}, {4, 2000, 1}, {8, 1900, 1}, {16, 1700, 1}};

TEST(SizeCurve, KneeStepsAndGain) {
  const SizeCurve curve = CurveBySize(Curve("k/p/", kComputeLike), "k/p/");
  ASSERT_EQ(curve.size(), 5u);
  EXPECT_EQ(curve[2].size, 4);
  EXPECT_EQ(KneeSize(curve), 2);         // 1990 is within 5% of 2000
  EXPECT_EQ(KneeSize(curve, 0.001), 4);  // but not within 0.1%
  EXPECT_EQ(StepOf(curve, 8), 3u);
  EXPECT_THROW(StepOf(curve, 3), MissingMeasurement);
  EXPECT_DOUBLE_EQ(GainBeyond(curve, 2), 2000 / 1990.0);
  EXPECT_EQ(Describe(curve), " 1:1000 2:1990 4:2000 8:1900 16:1700");
  EXPECT_THROW(CurveBySize(Curve("k/p/", kComputeLike), "k/q/"),
               MissingMeasurement);
}

TEST(SizeCurve, ComparisonIsUnfairWhenOtherLoadTookThePus) {
  SizeCurve curve = CurveBySize(Curve("k/p/", kComputeLike), "k/p/");
  EXPECT_EQ(UnfairComparison(curve, 2), "");  // size 1 may idle a PU
  curve[3].cpu_util = 0.6;
  EXPECT_NE(UnfairComparison(curve, 2).find("at size 8"), std::string::npos);
}

TEST(AnalysePoolSizes, BestSizeGoetzAndUslSideBySide) {
  const auto a = AnalysePoolSizes(Curve("k/p/", kComputeLike), "k/p/",
                                  "k/inline/real_time", 2);
  EXPECT_EQ(a.at("best_size"), 4);
  EXPECT_EQ(a.at("knee_size"), 2);
  EXPECT_DOUBLE_EQ(a.at("c_us"), 100);
  EXPECT_DOUBLE_EQ(a.at("w_us"), 300);
  EXPECT_DOUBLE_EQ(a.at("goetz_n"), 2 * (1 + 300 / 100.0));
  // Throughput falls past 4: the fit sees coherency cost and a peak near it.
  EXPECT_GT(a.at("usl_kappa"), 0);
  EXPECT_GT(a.at("usl_peak_n"), 2);
  EXPECT_LT(a.at("usl_peak_n"), 8);
  EXPECT_THROW(
      AnalysePoolSizes(Curve("k/p/", kComputeLike), "k/p/", "k/missing", 2),
      MissingMeasurement);
}

}  // namespace
}  // namespace mt::scenarios::pool
