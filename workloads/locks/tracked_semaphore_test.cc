// TrackedSemaphore: counts units, never seats more holders than units, wakes
// a sleeper on release, and shows its sleepers to the watchdog, which reports
// a wait that never ends as a stall on the semaphore by name.
#include "workloads/locks/tracked_semaphore.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>
#include <thread>
#include <vector>

#include "workloads/locks/watchdog_testing.h"

namespace mt::workloads {
namespace {

using namespace std::chrono_literals;

TEST(TrackedSemaphoreTest, CountsUnits) {
  TrackedSemaphore door("door", 2);
  door.acquire();
  door.acquire();
  EXPECT_EQ(door.value(), 0);
  door.release();
  EXPECT_EQ(door.value(), 1);
}

// True once some thread is seen waiting on the condition named `name`.
bool SomeoneWaitsOn(const std::string& name) {
  const tracking::Snapshot snap = tracking::TakeSnapshot();
  return std::any_of(
      snap.threads.begin(), snap.threads.end(), [&](const auto& t) {
        auto lock = snap.locks.find(t.wait_for);
        return t.wait_seq % 2 == 1 &&
               t.wait_kind == tracking::WaitKind::kCondition &&
               lock != snap.locks.end() && lock->second.name == name;
      });
}

TEST(TrackedSemaphoreTest, ReleaseWakesASleeperTheWatchdogCanSee) {
  TrackedSemaphore door("empty door", 0);
  std::thread guest([&] { door.acquire(); });
  while (!SomeoneWaitsOn("empty door")) std::this_thread::sleep_for(1ms);
  door.release();
  guest.join();  // hangs (the test times out) if the wake-up were lost
  EXPECT_EQ(door.value(), 0);
}

TEST(TrackedSemaphoreTest, NeverSeatsMoreHoldersThanUnits) {
  constexpr int kThreads = 5, kRounds = 20'000;
  TrackedSemaphore door("door", kThreads - 1);
  std::atomic<int> inside{0}, most{0};
  std::vector<std::thread> guests;
  for (int g = 0; g < kThreads; ++g) {
    guests.emplace_back([&] {
      for (int r = 0; r < kRounds; ++r) {
        door.acquire();
        const int now = inside.fetch_add(1) + 1;
        int seen = most.load();
        while (now > seen && !most.compare_exchange_weak(seen, now)) {
        }
        inside.fetch_sub(1);
        door.release();
      }
    });
  }
  for (std::thread& g : guests) g.join();
  EXPECT_LE(most.load(), kThreads - 1);
  EXPECT_EQ(door.value(), kThreads - 1);
}

TEST(TrackedSemaphoreTest, AWaitThatNeverEndsIsAStallOnTheSemaphore) {
  TrackedSemaphore door("stuck door", 0);
  FirstReportWatch watch;
  std::thread guest([&] { door.acquire(); });
  const std::optional<WaitReport> report = watch.Wait();
  door.release();
  guest.join();
  ExpectStallOnCondition(report, "stuck door");
}

}  // namespace
}  // namespace mt::workloads
