// Binding on the real machine: a pinned thread runs where the plan says,
// the binding reads back equal, and it is undone afterwards.
#include "harness/pinning.h"

#include <gtest/gtest.h>
#include <sched.h>

#include <algorithm>
#include <thread>
#include <vector>

namespace mt::harness {
namespace {

std::vector<int> PlannedPusOfAll(const Topology& t) {
  std::vector<int> pus;
  for (int w = 0; w < t.Pus(); ++w)
    pus.push_back(*t.PuFor(PinPolicy::kCompact, w, t.Pus()));
  std::sort(pus.begin(), pus.end());
  return pus;
}

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

TEST(ScopedPin, BindsToASetOfPus) {
  const Topology& t = Topology::Machine();
  const std::vector<int> all = PlannedPusOfAll(t);
  std::thread([&] {
    ScopedPin pin(all);
    EXPECT_EQ(pin.pus(), all);
    EXPECT_TRUE(pin.verified());
    EXPECT_NE(std::find(all.begin(), all.end(), pin.cpu_seen()), all.end());
  }).join();
}

TEST(BindCallingThread, RefusesAPuBeyondTheMask) {
  std::thread([] {
    const Bound b = BindCallingThread({kMaxBindableCpu});
    EXPECT_FALSE(b.pinned);
    EXPECT_GE(b.cpu_seen, 0);
  }).join();
}

}  // namespace
}  // namespace mt::harness
