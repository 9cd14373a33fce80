// The scenario context's pin axis and the scenario registry.
#include "harness/scenario.h"

#include <gtest/gtest.h>

#include "harness/topology_testing.h"

namespace mt::harness {
namespace {

using P = PinPolicy;

std::vector<P> Axis(const std::string& desc, std::vector<P> pins, bool given) {
  auto topo = MakeSynthetic(desc);
  ScenarioContext ctx{topo.get(), std::move(pins), false, given};
  return ctx.PinAxis();
}

TEST(PinAxis, DropsScatterWhereItPlacesLikeCompact) {
  EXPECT_EQ(Axis("pack:1 core:2 pu:1", {P::kCompact}, false),
            (std::vector<P>{P::kCompact, P::kNone}));
}

TEST(PinAxis, KeepsScatterWhereItDiffers) {
  EXPECT_EQ(Axis("pack:2 core:2 pu:1", {P::kCompact}, false),
            (std::vector<P>{P::kCompact, P::kScatter, P::kNone}));
  EXPECT_EQ(Axis("pack:1 core:2 pu:2", {P::kCompact}, false),
            (std::vector<P>{P::kCompact, P::kScatter, P::kNone}));
}

TEST(PinAxis, ExplicitPinsWin) {
  EXPECT_EQ(Axis("pack:2 core:2 pu:1", {P::kNone}, true),
            (std::vector<P>{P::kNone}));
}

TEST(Registry, FindsScenariosByName) {
  static const bool added =
      AddScenario({.name = "registry_test", .question = "q"});
  ASSERT_TRUE(added);
  ASSERT_NE(FindScenario("registry_test"), nullptr);
  EXPECT_EQ(FindScenario("registry_test")->question, "q");
  EXPECT_EQ(FindScenario("absent"), nullptr);
}

}  // namespace
}  // namespace mt::harness
