// The banker's algorithm on the textbook's states (Silberschatz, Operating
// System Concepts, ch. 7/8): safe and unsafe states, granted and refused
// requests, and a blocking banker whose threads cross without deadlock.
#include "workloads/deadlock/bankers.h"

#include <gtest/gtest.h>

#include <stdexcept>
#include <thread>
#include <vector>

namespace mt::workloads {
namespace {

using Grant = BankersState::Grant;

// Five processes, resources A (10), B (5), C (7).
BankersState Textbook() {
  return BankersState({3, 3, 2},
                      {{7, 5, 3}, {3, 2, 2}, {9, 0, 2}, {2, 2, 2}, {4, 3, 3}},
                      {{0, 1, 0}, {2, 0, 0}, {3, 0, 2}, {2, 1, 1}, {0, 0, 2}});
}

TEST(BankersStateTest, TextbookStateIsSafe) {
  std::vector<int> order;
  EXPECT_TRUE(Textbook().IsSafe(&order));
  // The order must be a real one: replay it.
  std::vector<int> work = {3, 3, 2};
  const std::vector<std::vector<int>> need = {
      {7, 4, 3}, {1, 2, 2}, {6, 0, 0}, {0, 1, 1}, {4, 3, 1}};
  const std::vector<std::vector<int>> alloc = {
      {0, 1, 0}, {2, 0, 0}, {3, 0, 2}, {2, 1, 1}, {0, 0, 2}};
  ASSERT_EQ(order.size(), 5u);
  for (int p : order) {
    for (int r = 0; r < 3; ++r) {
      ASSERT_LE(need[p][r], work[r]) << "P" << p;
      work[r] += alloc[p][r];
    }
  }
}

TEST(BankersStateTest, TextbookRequests) {
  BankersState s = Textbook();
  // P1 asks (1,0,2): safe, granted; available becomes (2,3,0).
  EXPECT_EQ(s.Request(1, std::vector<int>{1, 0, 2}), Grant::kGranted);
  EXPECT_EQ(s.available(0), 2);
  EXPECT_EQ(s.available(2), 0);
  // P4 asks (3,3,0): more than is available.
  EXPECT_EQ(s.Request(4, std::vector<int>{3, 3, 0}), Grant::kUnavailable);
  // P0 asks (0,2,0): available, but the state after it is unsafe.
  EXPECT_EQ(s.Request(0, std::vector<int>{0, 2, 0}), Grant::kUnsafe);
  EXPECT_EQ(s.available(1), 3);  // refused requests change nothing
  EXPECT_EQ(s.allocation(0, 1), 1);
  // Beyond the claim: P3's need of B is 1.
  EXPECT_EQ(s.Request(3, std::vector<int>{0, 2, 0}), Grant::kExceedsClaim);
}

TEST(BankersStateTest, TapeDrivesSafeThenUnsafe) {
  // 12 drives: P0 claims 10 holds 5, P1 claims 4 holds 2, P2 claims 9
  // holds 2; 3 free. Safe by <P1, P0, P2>.
  BankersState safe({3}, {{10}, {4}, {9}}, {{5}, {2}, {2}});
  std::vector<int> order;
  EXPECT_TRUE(safe.IsSafe(&order));
  EXPECT_EQ(order, (std::vector<int>{1, 0, 2}));
  // Give P2 one more drive: only P1 can finish, then nobody.
  BankersState unsafe({2}, {{10}, {4}, {9}}, {{5}, {2}, {3}});
  EXPECT_FALSE(unsafe.IsSafe());
  EXPECT_EQ(safe.RequestOne(2, 0), Grant::kUnsafe);
}

TEST(BankersStateTest, RejectsInconsistentMatrices) {
  EXPECT_THROW(BankersState({1}, {{1}}, {{2}}), std::invalid_argument);
  EXPECT_THROW(BankersState({1, 1}, {{1}}, {{0}}), std::invalid_argument);
  EXPECT_THROW(BankersState({1}, {{1}, {1}}, {{0}}), std::invalid_argument);
}

TEST(BankersStateTest, CrossingRequestsForTwoLocksAreRefused) {
  // Two single-unit resources A, B; both processes claim both (AB/BA).
  BankersState s({1, 1}, 2);
  const int both[] = {1, 1};
  s.SetClaim(0, both);
  s.SetClaim(1, both);
  EXPECT_EQ(s.RequestOne(0, 0), Grant::kGranted);  // P0 takes A
  EXPECT_EQ(s.RequestOne(1, 1), Grant::kUnsafe);   // P1 may not take B
  EXPECT_EQ(s.RequestOne(0, 1), Grant::kGranted);  // P0 finishes
  s.ReleaseAll(0);
  EXPECT_EQ(s.RequestOne(1, 1), Grant::kGranted);
}

TEST(BankerTest, ThreadsTakingTwoResourcesInOppositeOrdersAllFinish) {
  constexpr int kRounds = 3000;
  Banker banker({1, 1}, 2);
  int shared = 0;  // written only with both resources granted
  auto worker = [&](int p) {
    const int claim[] = {0, 1};
    for (int i = 0; i < kRounds; ++i) {
      banker.Claim(p, claim);
      banker.AcquireOne(p, p == 0 ? 0 : 1);  // AB for P0, BA for P1
      banker.AcquireOne(p, p == 0 ? 1 : 0);
      ++shared;
      banker.ReleaseAll(p);
    }
  };
  std::thread t0(worker, 0), t1(worker, 1);
  t0.join();
  t1.join();
  EXPECT_EQ(shared, 2 * kRounds);
}

TEST(BankerTest, AskingBeyondTheClaimThrows) {
  Banker banker({1, 1}, 1);
  const int only_a[] = {0};
  banker.Claim(0, only_a);
  EXPECT_THROW(banker.AcquireOne(0, 1), std::invalid_argument);
}

}  // namespace
}  // namespace mt::workloads
