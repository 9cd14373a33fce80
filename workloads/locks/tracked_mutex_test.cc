// Tracked mutexes with real threads: opposite orders run one after the other
// (no hang) are reported with their sites; consistent orders, try_lock and
// std::scoped_lock in either order add no false edge. Cycles are built on
// SemaphoreLock, which ThreadSanitizer does not treat as a mutex (it would
// report them itself, which is the race hunt's business, not this test's).
#include "workloads/locks/tracked_mutex.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <barrier>
#include <thread>
#include <vector>

#include "workloads/deadlock/ab_ba.h"
#include "workloads/deadlock/philosophers.h"
#include "workloads/locks/semaphore_lock.h"

namespace mt::workloads {
namespace {

using CycleLock = BasicTrackedMutex<SemaphoreLock>;

// Reports only from this test's graph; the thread names are the defaults.
class TrackedMutexTest : public ::testing::Test {
 protected:
  LockOrderGraph graph_;
};

TEST_F(TrackedMutexTest, OppositeOrdersOneAfterTheOtherAreReported) {
  CycleLock a("mutexA", graph_), b("mutexB", graph_);
  RunAbBa(a, b, AbBaOrder::kOpposite, AbBaSchedule::kOneAfterTheOther,
          [](int) {});
  ASSERT_EQ(graph_.CycleCount(), 1u);
  const CycleReport r = graph_.Reports().at(0);
  ASSERT_EQ(r.edges.size(), 2u);
  EXPECT_EQ(r.edges[0].from, "mutexB");
  EXPECT_EQ(r.edges[0].to, "mutexA");
  EXPECT_EQ(r.edges[1].from, "mutexA");
  EXPECT_EQ(r.edges[1].to, "mutexB");
  for (const LockOrderEdge& e : r.edges) {
    EXPECT_NE(std::string(e.from_site.file).find("ab_ba.h"), std::string::npos);
    EXPECT_NE(std::string(e.to_site.file).find("ab_ba.h"), std::string::npos);
    EXPECT_LT(e.from_site.line, e.to_site.line);  // first lock, then second
  }
  EXPECT_NE(r.edges[0].thread, r.edges[1].thread);
}

TEST_F(TrackedMutexTest, ConsistentOrderIsNotReported) {
  TrackedMutex a("mutexA", graph_), b("mutexB", graph_);
  for (auto schedule :
       {AbBaSchedule::kOneAfterTheOther, AbBaSchedule::kTogether}) {
    RunAbBa(a, b, AbBaOrder::kConsistent, schedule, [](int) {});
  }
  EXPECT_EQ(graph_.CycleCount(), 0u);
  EXPECT_TRUE(graph_.HasEdge(a.id(), b.id()));
}

TEST_F(TrackedMutexTest, TryLockAddsNoEdge) {
  TrackedMutex a("A", graph_), b("B", graph_);
  {
    std::lock_guard hold_b(b);
    if (!a.try_lock()) FAIL() << "A is free: try_lock must take it";
    a.unlock();
  }
  EXPECT_FALSE(graph_.HasEdge(b.id(), a.id()));
  {
    TrackedGuard hold_a(a);
    TrackedGuard hold_b(b);
  }
  EXPECT_TRUE(graph_.HasEdge(a.id(), b.id()));
  EXPECT_EQ(graph_.CycleCount(), 0u);
}

TEST_F(TrackedMutexTest, ScopedLockInEitherOrderAddsNoEdgeBetweenItsLocks) {
  TrackedMutex outer("outer", graph_), a("A", graph_), b("B", graph_);
  { std::scoped_lock both(a, b); }
  { std::scoped_lock both(b, a); }
  // Contended: two threads take the pair in opposite orders, so std::lock's
  // back-off path (lock one, try the other, release, block on the other
  // first) runs; an outer lock adds only its real edges outer -> A, B.
  constexpr int kRounds = 5000;
  auto crossing = [&](bool a_first) {
    for (int i = 0; i < kRounds; ++i) {
      std::lock_guard hold(outer);
      if (a_first) {
        std::scoped_lock both(a, b);
      } else {
        std::scoped_lock both(b, a);
      }
    }
  };
  auto bare = [&](bool a_first) {
    for (int i = 0; i < kRounds; ++i) {
      if (a_first) {
        std::scoped_lock both(a, b);
      } else {
        std::scoped_lock both(b, a);
      }
    }
  };
  std::thread t1(crossing, true), t2(crossing, false);
  t1.join();
  t2.join();
  std::thread t3(bare, true), t4(bare, false);
  t3.join();
  t4.join();
  EXPECT_FALSE(graph_.HasEdge(a.id(), b.id()));
  EXPECT_FALSE(graph_.HasEdge(b.id(), a.id()));
  EXPECT_TRUE(graph_.HasEdge(outer.id(), a.id()));
  EXPECT_TRUE(graph_.HasEdge(outer.id(), b.id()));
  EXPECT_EQ(graph_.CycleCount(), 0u);
}

TEST_F(TrackedMutexTest, PhilosophersLeftThenRightCloseTheNCycle) {
  constexpr int kPhilosophers = 5;
  const std::uint64_t before = LockOrderGraph::Global().CycleCount();
  {
    // Forks live in the global graph (DiningTable names them itself).
    DiningTable<CycleLock> table(kPhilosophers);
    // One philosopher at a time: nobody ever waits, yet the last closes
    // fork 0 -> fork 1 -> ... -> fork 4 -> fork 0.
    for (int p = 0; p < kPhilosophers; ++p) {
      std::thread([&table, p] {
        table.Dine(p, ForkOrder::kLeftThenRightWithWaiter);
      }).join();
    }
    EXPECT_EQ(table.Meals(), kPhilosophers);
  }
  ASSERT_EQ(LockOrderGraph::Global().CycleCount(), before + 1);
  const CycleReport r = LockOrderGraph::Global().Reports().back();
  EXPECT_EQ(r.edges.size(), static_cast<size_t>(kPhilosophers));
  EXPECT_EQ(r.edges[0].from, "fork 4");
  EXPECT_EQ(r.edges[0].to, "fork 0");
}

TEST_F(TrackedMutexTest, HierarchyAndScopedLockPhilosophersHaveNoCycle) {
  constexpr int kPhilosophers = 5, kMeals = 2000;
  const std::uint64_t before = LockOrderGraph::Global().CycleCount();
  for (ForkOrder order : {ForkOrder::kLowerFirst, ForkOrder::kBothAtOnce}) {
    DiningTable<TrackedMutex> table(kPhilosophers);
    std::vector<std::thread> diners;
    for (int p = 0; p < kPhilosophers; ++p) {
      diners.emplace_back([&table, p, order] {
        for (int i = 0; i < kMeals; ++i) table.Dine(p, order);
      });
    }
    for (std::thread& t : diners) t.join();
    EXPECT_EQ(table.Meals(), kPhilosophers * kMeals);
    EXPECT_EQ(table.ForkUses(), 2 * table.Meals());
  }
  EXPECT_EQ(LockOrderGraph::Global().CycleCount(), before);
}

TEST_F(TrackedMutexTest, SnapshotShowsHoldersAndOutOfOrderRelease) {
  TrackedMutex a("A", graph_), b("B", graph_), c("C", graph_);
  SetTrackedThreadName("main test thread");
  a.lock();
  b.lock();
  c.lock();
  b.unlock();  // out of order
  auto find_me = [](const tracking::Snapshot& s) {
    auto it = std::find_if(s.threads.begin(), s.threads.end(),
                           [](const tracking::ThreadView& t) {
                             return t.name == "main test thread";
                           });
    return it == s.threads.end() ? tracking::ThreadView{} : *it;
  };
  tracking::Snapshot snap = tracking::TakeSnapshot();
  tracking::ThreadView me = find_me(snap);
  EXPECT_EQ(me.held.size(), 2u);
  if (me.held.size() == 2u) {  // not ASSERT: a and c must still be unlocked
    EXPECT_EQ(me.held[0].id, a.id());
    EXPECT_EQ(me.held[1].id, c.id());
  }
  EXPECT_EQ(me.wait_seq % 2, 0u);  // not waiting
  EXPECT_EQ(snap.locks.at(a.id()).owner, me.serial);
  EXPECT_EQ(snap.locks.at(b.id()).owner, 0u);
  c.unlock();
  a.unlock();
  EXPECT_TRUE(find_me(tracking::TakeSnapshot()).held.empty());
}

TEST_F(TrackedMutexTest, ManyThreadsKeepExclusion) {
  TrackedMutex mu("counter lock", graph_);
  std::int64_t count = 0;  // plain: TSan checks the lock excludes
  constexpr int kThreads = 4, kPer = 20000;
  std::vector<std::thread> pool;
  for (int t = 0; t < kThreads; ++t) {
    pool.emplace_back([&] {
      for (int i = 0; i < kPer; ++i) {
        TrackedGuard hold(mu);
        ++count;
      }
    });
  }
  for (std::thread& t : pool) t.join();
  EXPECT_EQ(count, kThreads * kPer);
}

}  // namespace
}  // namespace mt::workloads
