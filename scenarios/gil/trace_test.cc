// The GIL trace: one slice per uninterrupted hold (tick re-takes merged),
// drop requests as instant events, the slice limit.
#include "scenarios/gil/trace.h"

#include <gtest/gtest.h>

namespace mt::scenarios::gil {
namespace {

using workloads::DropReason;

std::vector<nlohmann::json> Events(const nlohmann::json& trace,
                                   const std::string& phase) {
  std::vector<nlohmann::json> out;
  for (const auto& e : trace.at("traceEvents")) {
    if (e.at("ph") == phase) out.push_back(e);
  }
  return out;
}

TEST(GilTrace, MergesTickRetakesAndRecordsRequests) {
  GilTrace trace;
  trace.OnTake(0);
  trace.OnDrop(0, DropReason::kTick);
  trace.OnTake(0);  // won back: the same hold
  trace.OnDropRequest(1);
  trace.OnDrop(0, DropReason::kForced);
  trace.OnTake(1);
  trace.OnDrop(1, DropReason::kExit);
  const nlohmann::json j = trace.Json({"cpu 0", "cpu 1"}, {{"policy", "x"}});
  const auto holds = Events(j, "X");
  ASSERT_EQ(holds.size(), 2u);
  EXPECT_EQ(holds[0]["tid"], 0);
  EXPECT_EQ(holds[0]["args"]["ended_by"], "forced");
  EXPECT_EQ(holds[0]["args"]["retaken_without_switch"], 1);
  EXPECT_EQ(holds[1]["tid"], 1);
  EXPECT_EQ(holds[1]["args"]["ended_by"], "exit");
  EXPECT_LE(holds[0]["ts"].get<double>() + holds[0]["dur"].get<double>(),
            holds[1]["ts"].get<double>());
  ASSERT_EQ(Events(j, "i").size(), 1u);
  EXPECT_EQ(Events(j, "i")[0]["tid"], 1);
  EXPECT_EQ(Events(j, "M").size(), 3u);  // the process and two threads
  EXPECT_EQ(j["otherData"]["policy"], "x");
}

TEST(GilTrace, CountsWhatPassesTheLimit) {
  GilTrace trace(1);
  trace.OnTake(0);
  trace.OnDrop(0, DropReason::kBlocking);
  trace.OnTake(1);
  trace.OnDrop(1, DropReason::kExit);
  EXPECT_EQ(trace.slices(), 1u);
  EXPECT_EQ(trace.lost(), 1u);
  const nlohmann::json j = trace.Json({"a", "b"}, nlohmann::json::object());
  EXPECT_EQ(j["otherData"]["slices_not_recorded"], 1);
  EXPECT_EQ(Events(j, "X")[0]["args"]["ended_by"], "blocking");
}

}  // namespace
}  // namespace mt::scenarios::gil
