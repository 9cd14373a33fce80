// Lock-order graph on simulated acquisitions (no real locks, so nothing for
// ThreadSanitizer's own detector): 2- and N-cycles found with every edge's
// sites, nothing for a consistent order, abort mode ends the process.
#include "workloads/locks/lock_order.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace mt::workloads {
namespace {

Site At(std::uint32_t line) { return {"sim.cc", "Simulated", line}; }

class LockOrderGraphTest : public ::testing::Test {
 protected:
  LockId Add(const std::string& name) {
    const LockId id = NewLockId();
    graph_.AddLock(id, name);
    return id;
  }
  // One thread takes `chain` in order (each at line 100 + its index) and
  // releases them; returns the cycles closed.
  int Take(const std::vector<LockId>& chain, const std::string& thread) {
    std::vector<HeldLock> held;
    int cycles = 0;
    for (size_t i = 0; i < chain.size(); ++i) {
      const Site site = At(static_cast<std::uint32_t>(100 + i));
      cycles += graph_.RecordRequest(held, chain[i], site, thread);
      held.push_back({chain[i], site});
    }
    return cycles;
  }
  LockOrderGraph graph_;
};

TEST_F(LockOrderGraphTest, OppositeOrdersCloseATwoCycleWithBothSites) {
  const LockId a = Add("mutexA"), b = Add("mutexB");
  EXPECT_EQ(Take({a, b}, "thread 1"), 0);
  EXPECT_EQ(Take({b, a}, "thread 2"), 1);
  ASSERT_EQ(graph_.CycleCount(), 1u);
  const CycleReport r = graph_.Reports().at(0);
  ASSERT_EQ(r.edges.size(), 2u);
  // The new edge first: B held (line 100), A requested (line 101).
  EXPECT_EQ(r.edges[0].from, "mutexB");
  EXPECT_EQ(r.edges[0].to, "mutexA");
  EXPECT_EQ(r.edges[0].thread, "thread 2");
  EXPECT_EQ(r.edges[0].from_site.line, 100u);
  EXPECT_EQ(r.edges[0].to_site.line, 101u);
  EXPECT_EQ(r.edges[1].from, "mutexA");
  EXPECT_EQ(r.edges[1].to, "mutexB");
  EXPECT_EQ(r.edges[1].thread, "thread 1");
  const std::string text = r.ToString();
  EXPECT_NE(text.find("sim.cc:101 in Simulated"), std::string::npos) << text;
  EXPECT_NE(text.find("cycle of 2 locks"), std::string::npos) << text;
}

TEST_F(LockOrderGraphTest, FindsAnNCycleOnlyWhenItCloses) {
  constexpr int kN = 6;
  std::vector<LockId> locks;
  for (int i = 0; i < kN; ++i) locks.push_back(Add("L" + std::to_string(i)));
  // Each "thread" takes L(i) then L(i+1): a chain, no cycle until the last.
  for (int i = 0; i + 1 < kN; ++i) {
    EXPECT_EQ(Take({locks[i], locks[i + 1]}, "t" + std::to_string(i)), 0);
  }
  EXPECT_EQ(graph_.CycleCount(), 0u);
  EXPECT_EQ(Take({locks[kN - 1], locks[0]}, "last"), 1);
  const CycleReport r = graph_.Reports().at(0);
  ASSERT_EQ(r.edges.size(), static_cast<size_t>(kN));
  for (size_t i = 0; i < r.edges.size(); ++i) {
    EXPECT_EQ(r.edges[i].to, r.edges[(i + 1) % r.edges.size()].from);
  }
  EXPECT_EQ(r.edges[0].from, "L5");
  EXPECT_EQ(r.edges[0].to, "L0");
}

TEST_F(LockOrderGraphTest, ConsistentOrderNeverReports) {
  const LockId a = Add("A"), b = Add("B"), c = Add("C");
  for (int round = 0; round < 3; ++round) {
    EXPECT_EQ(Take({a, b, c}, "t1"), 0);
    EXPECT_EQ(Take({a, c}, "t2"), 0);
    EXPECT_EQ(Take({b, c}, "t3"), 0);
  }
  EXPECT_EQ(graph_.CycleCount(), 0u);
  EXPECT_TRUE(graph_.HasEdge(a, c));
  EXPECT_FALSE(graph_.HasEdge(c, a));
}

TEST_F(LockOrderGraphTest, ACycleIsReportedOnceAndSelfLockIsACycleOfOne) {
  const LockId a = Add("A"), b = Add("B");
  Take({a, b}, "t1");
  EXPECT_EQ(Take({b, a}, "t2"), 1);
  EXPECT_EQ(Take({b, a}, "t2"), 0);  // the edge is known now
  EXPECT_EQ(Take({a, a}, "t3"), 1);
  EXPECT_EQ(graph_.Reports().back().edges.size(), 1u);
  EXPECT_NE(graph_.Reports().back().ToString().find("already held"),
            std::string::npos);
}

TEST_F(LockOrderGraphTest, RemovedLocksTakeTheirEdgesAlong) {
  const LockId a = Add("A"), b = Add("B");
  Take({a, b}, "t1");
  graph_.RemoveLock(b);
  EXPECT_FALSE(graph_.HasEdge(a, b));
  const LockId b2 = Add("B again");
  EXPECT_EQ(Take({b2, a}, "t2"), 0);
}

TEST_F(LockOrderGraphTest, UnknownLocksAreSkipped) {
  const LockId a = Add("A");
  EXPECT_EQ(Take({NewLockId(), a}, "t1"), 0);
  EXPECT_EQ(Take({a, NewLockId()}, "t1"), 0);
}

TEST_F(LockOrderGraphTest, CallbackGetsEveryReport) {
  std::vector<std::string> seen;
  graph_.SetOptions({OnCycle::kReport, [&seen](const CycleReport& r) {
                       seen.push_back(r.edges[0].from);
                     }});
  const LockId a = Add("A"), b = Add("B");
  Take({a, b}, "t1");
  Take({b, a}, "t2");
  EXPECT_EQ(seen, std::vector<std::string>{"B"});
}

TEST_F(LockOrderGraphTest, KeepsABoundedNumberOfReportsButCountsAll) {
  const int n = static_cast<int>(LockOrderGraph::kKeptReports) + 5;
  for (int i = 0; i < n; ++i) {
    const LockId a = Add("A"), b = Add("B");
    Take({a, b}, "t1");
    Take({b, a}, "t2");
  }
  EXPECT_EQ(graph_.CycleCount(), static_cast<std::uint64_t>(n));
  EXPECT_EQ(graph_.Reports().size(), LockOrderGraph::kKeptReports);
}

// Builds the AB/BA cycle in a graph in abort mode; never returns.
void CloseCycleInAbortMode() {
  LockOrderGraph graph({OnCycle::kAbort, [](const CycleReport& r) {
                          fprintf(stderr, "%s\n", r.ToString().c_str());
                        }});
  const LockId a = NewLockId(), b = NewLockId();
  graph.AddLock(a, "mutexA");
  graph.AddLock(b, "mutexB");
  const HeldLock held_a[] = {{a, At(1)}}, held_b[] = {{b, At(2)}};
  graph.RecordRequest(held_a, b, At(3), "t1");
  graph.RecordRequest(held_b, a, At(4), "t2");
}

TEST(LockOrderGraphDeathTest, AbortModeEndsTheProcessAtTheCycle) {
  GTEST_FLAG_SET(death_test_style, "threadsafe");
  EXPECT_DEATH(CloseCycleInAbortMode(),
               "mutexB \\(taken at sim.cc:2 in Simulated\\) and requests "
               "mutexA");
}

}  // namespace
}  // namespace mt::workloads
