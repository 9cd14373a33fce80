// Tests for the hunt's estimate of the time left and its duration text.
#include "harness/hunt_progress.h"

#include <gtest/gtest.h>

#include <sstream>

namespace mt::harness {
namespace {

TEST(HuntBudget, EstimatesFromTheMeanRun) {
  HuntBudget runs_only(0, 5);
  EXPECT_EQ(runs_only.Left(), "?");  // nothing to go by yet
  runs_only.Ran(2.0);
  EXPECT_EQ(runs_only.Left(), "~8 s");  // 4 runs of 2 s left
  runs_only.Ran(4.0);
  EXPECT_EQ(runs_only.Left(), "~9 s");  // 3 of 3 s
  EXPECT_FALSE(runs_only.TargetEnd(2).has_value());
  // A time budget caps the estimate and splits among the targets.
  HuntBudget timed(60, -1);
  timed.Ran(1.0);
  EXPECT_EQ(timed.Left().rfind("~", 0), 0u);
  EXPECT_NE(timed.Left().find(" s"), std::string::npos);
  const auto half = timed.TargetEnd(2), all = timed.TargetEnd(1);
  ASSERT_TRUE(half && all);
  EXPECT_LT(*half, *all);
}

TEST(DurationText, SecondsAndMinutes) {
  EXPECT_EQ(DurationText(45.4), "45 s");
  EXPECT_EQ(DurationText(187), "3 min 07 s");
}

TEST(PrintRun, SaysRunScheduleOutcomeAndTimeLeft) {
  RunRecord r;
  r.index = 3;
  r.outcome = "exited";
  r.exit_code = 66;
  r.wall_seconds = 1.25;
  r.observations.resize(1);
  HuntBudget budget(0, 17);
  budget.Ran(1.25);
  std::ostringstream out;
  PrintRun(out, r, 20, budget);
  EXPECT_NE(out.str().find("run   3/20  all PUs"), std::string::npos);
  EXPECT_NE(out.str().find("exit  66   1 finding(s)    1.2 s   left ~20 s"),
            std::string::npos)
      << out.str();
}

}  // namespace
}  // namespace mt::harness
