// Counters: every exact variant of the list (counter_variants.h) is exact
// for 1..N threads (also under TSan); the split read-modify-write loses
// exactly the updates a forced interleaving predicts. The racy plain counter
// is never run here.
#include "workloads/shared_state/counters.h"

#include <gtest/gtest.h>

#include <barrier>
#include <chrono>
#include <latch>
#include <string>
#include <thread>
#include <tuple>
#include <type_traits>
#include <vector>

#include "workloads/base/tsan_build.h"
#include "workloads/shared_state/account.h"
#include "workloads/shared_state/counter_variants.h"

namespace mt::workloads {
namespace {

constexpr int kMaxThreads = 8;             // beyond 2 PUs: forces preemption
constexpr std::int64_t kPerThread = 1000;  // the threads start together

// Under TSan, the test-and-set lock gets 2 threads. Every exchange in TSan's
// runtime takes the atomic's internal lock; with 7 waiters spinning on it,
// the holder's release (a store, which needs that lock too) went to sleep in
// TSan's own lock and was not let back in (gdb: the holder in
// __tsan_atomic8_store -> Semaphore::Wait, 7 threads in
// __tsan_atomic8_exchange). With 8 threads this test took 42-45 s, 267 s
// once, on a quiet machine, against a 120 s limit. Not a defect of the lock.
template <typename V>
constexpr int ThreadsFor() {
  if (kTsanBuild && std::is_same_v<typename V::Counter, LockedCounter<TasLock>>)
    return 2;
  return kMaxThreads;
}

// Runs increment(t) kPerThread times on each of `threads` threads.
template <typename Increment>
void Hammer(int threads, Increment increment) {
  std::latch start(threads);
  std::vector<std::thread> pool;
  for (int t = 0; t < threads; ++t) {
    pool.emplace_back([&increment, &start, t] {
      start.arrive_and_wait();
      for (std::int64_t i = 0; i < kPerThread; ++i) increment(t);
    });
  }
  for (std::thread& t : pool) t.join();
}

// gtest's Types<...> over a std::tuple of variants, each test named after
// its variant ("ExactCounterTest/mutex.IsExactForOneToManyThreads").
template <typename Tuple>
struct AsTypes;
template <typename... V>
struct AsTypes<std::tuple<V...>> {
  using type = ::testing::Types<V...>;
};
struct VariantName {
  template <typename V>
  static std::string GetName(int) {
    return std::string(V::kName);
  }
};

template <typename V>
class ExactCounterTest : public ::testing::Test {};
TYPED_TEST_SUITE(ExactCounterTest, AsTypes<ExactCounterVariants>::type,
                 VariantName);

TYPED_TEST(ExactCounterTest, IsExactForOneToManyThreads) {
  using V = TypeParam;
  for (int threads = 1; threads <= ThreadsFor<V>(); threads *= 2) {
    auto counter = MakeCounter<V>(threads);
    Hammer(threads, [&counter](int t) { IncrementAs<V>(counter, t); });
    EXPECT_EQ(counter.Get(), threads * kPerThread) << threads << " threads";
  }
}

TEST(ShardedCounter, PaddedSlotsFillALinePackedSlotsShareOne) {
  EXPECT_EQ(PaddedShardedCounter::SlotBytes(), kCacheLine);
  EXPECT_EQ(PackedShardedCounter::SlotBytes(), sizeof(std::int64_t));
}

// Two threads in lock step: both read, then both write. Each round loses
// exactly one of its two increments, whatever the scheduler does.
TEST(SplitRmwCounter, LockStepLosesExactlyOneUpdatePerRound) {
  constexpr int kRounds = 1000;
  SplitRmwCounter counter;
  std::barrier<> read_done(2);
  auto worker = [&] {
    for (int r = 0; r < kRounds; ++r) {
      counter.Add(1, [&] { read_done.arrive_and_wait(); });
      // The next round's read must not overtake the other thread's write.
      read_done.arrive_and_wait();
    }
  };
  std::thread a(worker), b(worker);
  a.join();
  b.join();
  EXPECT_EQ(counter.Get(), kRounds);  // 2 * kRounds expected, kRounds lost
}

TEST(SplitRmwCounter, SingleThreadLosesNothing) {
  SplitRmwCounter counter;
  Hammer(1, [&counter](int) { counter.Increment(); });
  EXPECT_EQ(counter.Get(), kPerThread);
}

// The seeds' 100 depositors, forced: every depositor reads the balance
// before any writes it back, so the balance ends at exactly 1.
TEST(Depositors, AllReadBeforeAnyWriteEndsAtOne) {
  constexpr int kDepositors = 100;
  SplitRmwCounter balance;
  std::barrier<> all_read(kDepositors);
  std::vector<std::thread> threads;
  for (int i = 0; i < kDepositors; ++i) {
    threads.emplace_back(
        [&] { balance.Add(1, [&] { all_read.arrive_and_wait(); }); });
  }
  for (std::thread& t : threads) t.join();
  EXPECT_EQ(balance.Get(), 1);
}

TEST(Depositors, LockedBalanceEndsAtDepositorCount) {
  LockedCounter<Mutex> balance;
  EXPECT_EQ(RunDepositors(balance, 100, std::chrono::microseconds(100)), 100);
}

TEST(ChangeIt, LockedBalanceStaysZero) {
  LockedCounter<Mutex> balance;
  std::vector<std::thread> threads;
  for (int n : {5, 8}) {
    threads.emplace_back([&balance, n] {
      for (int i = 0; i < 10000; ++i) ChangeIt(balance, n);
    });
  }
  for (std::thread& t : threads) t.join();
  EXPECT_EQ(balance.Get(), 0);
}

}  // namespace
}  // namespace mt::workloads
