// Bank transfers: every avoidance strategy finishes crossing transfers on
// few accounts (many conflicts) and keeps the money; counters add up.
#include "workloads/deadlock/bank.h"

#include <gtest/gtest.h>

#include <random>
#include <thread>
#include <vector>

namespace mt::workloads {
namespace {

class BankTest : public ::testing::TestWithParam<Avoidance> {};

TEST_P(BankTest, CrossingTransfersKeepTheTotal) {
  // 3 accounts and 4 threads: most transfers cross another one.
  constexpr int kAccounts = 3, kThreads = 4, kPer = 4000;
  constexpr std::int64_t kOpening = 1000;
  Bank bank(kAccounts, kOpening, kThreads);
  std::vector<std::thread> workers;
  for (int w = 0; w < kThreads; ++w) {
    workers.emplace_back([&bank, w] {
      std::minstd_rand rng(static_cast<unsigned>(w + 1));
      std::uniform_int_distribution<int> pick(0, kAccounts - 1);
      for (int i = 0; i < kPer; ++i) {
        const int from = pick(rng);
        int to = pick(rng);
        if (to == from) to = (to + 1) % kAccounts;
        bank.Transfer(GetParam(), w, from, to, 1 + i % 7);
      }
    });
  }
  for (std::thread& t : workers) t.join();
  EXPECT_EQ(bank.Total(), kAccounts * kOpening);
  const TransferCounters c = bank.Counters();
  EXPECT_EQ(c.transfers, kThreads * kPer);
  const Avoidance how = GetParam();
  if (how != Avoidance::kTryLockBackoff && how != Avoidance::kTryLockFor) {
    EXPECT_EQ(c.retries, 0);
  }
  if (how != Avoidance::kTryLockFor) {
    EXPECT_EQ(c.timeouts, 0);
  }
  if (how != Avoidance::kBanker) {
    EXPECT_EQ(c.waits, 0);
  }
  bank.ResetCounters();
  EXPECT_EQ(bank.Counters().transfers, 0);
}

TEST_P(BankTest, OneThreadNeverRetries) {
  Bank bank(2, 10, 1);
  for (int i = 0; i < 100; ++i)
    bank.Transfer(GetParam(), 0, i % 2, 1 - i % 2, 3);
  EXPECT_EQ(bank.Total(), 20);
  const TransferCounters c = bank.Counters();
  EXPECT_EQ(c.retries + c.timeouts + c.waits, 0);
}

INSTANTIATE_TEST_SUITE_P(Strategies, BankTest,
                         ::testing::ValuesIn(kAllAvoidances),
                         [](const auto& p) {
                           return std::string(AvoidanceName(p.param));
                         });

}  // namespace
}  // namespace mt::workloads
