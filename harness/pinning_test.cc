// Binding on the real machine: a pinned thread runs where the plan says,
// the binding reads back equal, and it is undone afterwards.
#include "harness/pinning.h"

#include <gtest/gtest.h>
#include <sched.h>

#include <thread>

namespace mt::harness {
namespace {

TEST(ScopedPin, BindsVerifiesAndRecordsTheCpu) {
  const Topology& t = Topology::Machine();
  for (int worker = 0; worker < t.Pus(); ++worker) {
    std::thread([&] {
      ScopedPin pin(PinPolicy::kCompact, worker, t.Pus());
      EXPECT_EQ(pin.pu(), *t.PuFor(PinPolicy::kCompact, worker, t.Pus()));
      EXPECT_TRUE(pin.verified());
      // Bound to one PU, the thread can only be running there.
      EXPECT_EQ(pin.cpu_seen(), pin.pu());
      EXPECT_EQ(sched_getcpu(), pin.pu());
    }).join();
  }
}

TEST(ScopedPin, RestoresThePreviousBinding) {
  std::thread([] {
    cpu_set_t before, after;
    sched_getaffinity(0, sizeof before, &before);
    { ScopedPin pin(PinPolicy::kCompact, 0, 1); }
    sched_getaffinity(0, sizeof after, &after);
    EXPECT_TRUE(CPU_EQUAL(&before, &after));
  }).join();
}

TEST(ScopedPin, NonePinsNothing) {
  ScopedPin pin(PinPolicy::kNone, 0, 2);
  EXPECT_EQ(pin.pu(), -1);
  EXPECT_FALSE(pin.verified());
}

TEST(Placements, AreRecordedPerBenchmarkAndThreadCount) {
  ScopedPin pin(PinPolicy::kNone, 0, 2);
  RecordPlacement("test/placement", PinPolicy::kNone, 1, 2, pin);
  auto all = RecordedPlacements();
  auto it = all.find({"test/placement", 2});
  ASSERT_NE(it, all.end());
  ASSERT_EQ(it->second.workers.size(), 2u);
  EXPECT_EQ(it->second.workers[1].pu, -1);
  EXPECT_GE(it->second.workers[1].cpu_seen, 0);
}

}  // namespace
}  // namespace mt::harness
