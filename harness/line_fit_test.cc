// The line fit recovers known lines and refuses degenerate input.
#include "harness/line_fit.h"

#include <gtest/gtest.h>

#include <stdexcept>

namespace mt::harness {
namespace {

TEST(FitLine, RecoversAnExactLine) {
  LineFit f = FitLine({0, 0.0625, 0.25, 1}, {150, 2025, 7650, 30150});
  EXPECT_NEAR(f.slope, 30000, 1e-6);
  EXPECT_NEAR(f.intercept, 150, 1e-6);
}

TEST(FitLine, AveragesSymmetricNoise) {
  // y = 2x + 1 with +1/-1 noise at each x: the fit is the line itself.
  LineFit f = FitLine({0, 0, 1, 1, 2, 2}, {2, 0, 4, 2, 6, 4});
  EXPECT_NEAR(f.slope, 2, 1e-12);
  EXPECT_NEAR(f.intercept, 1, 1e-12);
}

TEST(FitLine, RejectsDegenerateInput) {
  EXPECT_THROW(FitLine({1}, {1}), std::invalid_argument);
  EXPECT_THROW(FitLine({1, 1}, {1, 2}), std::invalid_argument);
  EXPECT_THROW(FitLine({1, 2}, {1}), std::invalid_argument);
}

}  // namespace
}  // namespace mt::harness
