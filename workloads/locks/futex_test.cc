// The futex semaphore: counts exactly, times out no earlier than asked, wakes
// a sleeper in another thread, and works as a lock (exact under TSan).
#include "workloads/locks/futex.h"

#include <gtest/gtest.h>

#include <chrono>
#include <thread>
#include <vector>

namespace mt::workloads {
namespace {

using std::chrono::milliseconds;
constexpr auto kTimeout = milliseconds(50);
constexpr auto kSanity = std::chrono::seconds(20);  // only a hang fails this

TEST(FutexSemaphore, CountsUnitsExactly) {
  FutexSemaphore sem(2);
  EXPECT_TRUE(sem.TryAcquire());
  EXPECT_TRUE(sem.Acquire(Deadline::Now()));
  EXPECT_FALSE(sem.TryAcquire());
  EXPECT_EQ(sem.Value(), 0u);
  sem.Release();
  EXPECT_EQ(sem.Value(), 1u);
  EXPECT_TRUE(sem.Acquire(Deadline::Never()));
}

TEST(FutexSemaphore, TimedAcquireWaitsTheFullTimeout) {
  FutexSemaphore sem(0);
  const auto start = Deadline::Clock::now();
  EXPECT_FALSE(sem.Acquire(Deadline::In(kTimeout)));
  const auto waited = Deadline::Clock::now() - start;
  EXPECT_GE(waited, kTimeout);
  EXPECT_LT(waited, kSanity);
}

TEST(FutexSemaphore, ReleaseWakesASleeperInAnotherThread) {
  FutexSemaphore sem(0);
  std::atomic<bool> got{false};
  std::thread waiter([&] { got.store(sem.Acquire(Deadline::Never())); });
  sem.Release();  // before or after the waiter sleeps: either way it wakes
  waiter.join();
  EXPECT_TRUE(got.load());
  EXPECT_EQ(sem.Value(), 0u);
}

TEST(FutexSemaphore, GuardsACriticalSectionAsALock) {
  constexpr int kThreads = 4, kRounds = 20000;
  FutexSemaphore lock(1);
  long long total = 0;  // guarded by lock: TSan reports any overlap
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&] {
      for (int i = 0; i < kRounds; ++i) {
        ASSERT_TRUE(lock.Acquire(Deadline::Never()));
        total = total + 1;
        lock.Release();
      }
    });
  }
  for (std::thread& t : threads) t.join();
  EXPECT_EQ(total, kThreads * kRounds);
}

}  // namespace
}  // namespace mt::workloads
