// Pin plans on hwloc synthetic topologies: which PU worker i of n gets under
// each policy, on machines much larger than the one the tests run on.
#include "harness/topology.h"

#include <gtest/gtest.h>

#include <set>
#include <vector>

#include "harness/topology_testing.h"

namespace mt::harness {
namespace {

std::vector<int> Plan(const Topology& t, PinPolicy p, int n) {
  std::vector<int> pus;
  for (int i = 0; i < n; ++i) pus.push_back(*t.PuFor(p, i, n));
  return pus;
}

// pack:2 core:8 pu:2 numbers PUs depth-first: package 0 holds PUs 0-15,
// core c of package k holds PUs 16k + 2c and 16k + 2c + 1.
TEST(PinPlan, CompactFillsOneCoresPusThenTheNextCore) {
  auto t = MakeSynthetic("pack:2 core:8 pu:2");
  EXPECT_EQ(t->Pus(), 32);
  EXPECT_EQ(t->Cores(), 16);
  EXPECT_EQ(Plan(*t, PinPolicy::kCompact, 5),
            (std::vector<int>{0, 1, 2, 3, 4}));
}

TEST(PinPlan, ScatterAlternatesPackagesThenCoresThenSiblings) {
  auto t = MakeSynthetic("pack:2 core:8 pu:2");
  EXPECT_EQ(Plan(*t, PinPolicy::kScatter, 4), (std::vector<int>{0, 16, 2, 18}));
  // The 17th worker is the first to share a core (its hyperthread sibling).
  EXPECT_EQ(*t->PuFor(PinPolicy::kScatter, 15, 32), 30);
  EXPECT_EQ(*t->PuFor(PinPolicy::kScatter, 16, 32), 1);
}

TEST(PinPlan, EveryPolicyUsesEveryPuOnceWhenWorkersEqualPus) {
  auto t = MakeSynthetic("pack:2 core:8 pu:2");
  for (PinPolicy p : {PinPolicy::kCompact, PinPolicy::kScatter}) {
    std::vector<int> plan = Plan(*t, p, 32);
    EXPECT_EQ(std::set<int>(plan.begin(), plan.end()).size(), 32u);
  }
}

TEST(PinPlan, MoreWorkersThanPusWrapAround) {
  auto t = MakeSynthetic("pack:1 core:2 pu:1");
  EXPECT_EQ(Plan(*t, PinPolicy::kCompact, 5),
            (std::vector<int>{0, 1, 0, 1, 0}));
  EXPECT_EQ(Plan(*t, PinPolicy::kScatter, 3), (std::vector<int>{0, 1, 0}));
}

TEST(PinPlan, NoneLeavesPlacementToTheKernel) {
  auto t = MakeSynthetic("pack:1 core:2 pu:1");
  EXPECT_FALSE(t->PuFor(PinPolicy::kNone, 0, 2).has_value());
}

TEST(ThreadSweep, CoversPowersOfTwoCoresPusAndOversubscription) {
  EXPECT_EQ(MakeSynthetic("pack:2 core:8 pu:2")->ThreadSweep(),
            (std::vector<int>{1, 2, 4, 8, 16, 32, 64}));
  EXPECT_EQ(MakeSynthetic("pack:1 core:2 pu:1")->ThreadSweep(),
            (std::vector<int>{1, 2, 4}));
  EXPECT_EQ(MakeSynthetic("pack:1 core:6 pu:2")->ThreadSweep(),
            (std::vector<int>{1, 2, 4, 6, 12, 24}));
}

TEST(Summary, CountsPackagesCoresPusAndCaches) {
  auto t =
      MakeSynthetic("pack:2 [numa(memory=1GB)] l3:1(size=8MiB) core:4 pu:2");
  TopologySummary s = t->Summary();
  EXPECT_EQ(s.packages, 2);
  EXPECT_EQ(s.cores, 8);
  EXPECT_EQ(s.pus, 16);
  EXPECT_EQ(s.numa_nodes, 2);
  ASSERT_FALSE(s.caches.empty());
  EXPECT_EQ(s.caches.back().level, 3);
  EXPECT_EQ(s.caches.back().bytes, 8u << 20);
}

TEST(Synthetic, RejectsBadDescriptionsWithAReason) {
  std::string error;
  EXPECT_EQ(Topology::Synthetic("pack:two", &error), nullptr);
  EXPECT_NE(error.find("pack:2 core:8 pu:2"), std::string::npos);
}

TEST(PinPolicyNames, RoundTripAndRejectUnknown) {
  for (PinPolicy p :
       {PinPolicy::kCompact, PinPolicy::kScatter, PinPolicy::kNone}) {
    EXPECT_EQ(ParsePinPolicy(PinPolicyName(p)), p);
  }
  EXPECT_FALSE(ParsePinPolicy("spread").has_value());
}

}  // namespace
}  // namespace mt::harness
