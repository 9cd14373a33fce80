// The USL fit recovers known σ, κ and λ from synthetic throughput curves.
#include "harness/usl.h"

#include <gtest/gtest.h>

#include <cmath>
#include <vector>

namespace mt::harness {
namespace {

const std::vector<double> kSizes = {1, 2, 3, 4, 6, 8, 12, 16, 24, 32, 48, 64};

std::vector<double> Curve(double lambda, double sigma, double kappa,
                          const std::vector<double>& sizes = kSizes) {
  std::vector<double> x;
  for (double n : sizes) {
    x.push_back(lambda * n / (1 + sigma * (n - 1) + kappa * n * (n - 1)));
  }
  return x;
}

void ExpectWithin(double got, double want, double fraction) {
  EXPECT_LE(std::abs(got - want), fraction * want)
      << "got " << got << ", want " << want << " within " << 100 * fraction
      << "%";
}

struct Case {
  double lambda, sigma, kappa;
};

TEST(FitUsl, RecoversKnownParametersWithinFivePercent) {
  for (Case c : {Case{1000, 0.05, 0.002}, Case{52000, 0.3, 0.0001},
                 Case{7.5, 0.01, 0.02}, Case{300, 0.12, 0.0005}}) {
    SCOPED_TRACE(testing::Message()
                 << "sigma " << c.sigma << " kappa " << c.kappa);
    const UslFit fit = FitUsl(kSizes, Curve(c.lambda, c.sigma, c.kappa));
    ExpectWithin(fit.sigma, c.sigma, 0.05);
    ExpectWithin(fit.kappa, c.kappa, 0.05);
    ExpectWithin(fit.lambda, c.lambda, 0.01);
    ASSERT_TRUE(fit.PeakN().has_value());
    ExpectWithin(*fit.PeakN(), std::sqrt((1 - c.sigma) / c.kappa), 0.05);
    EXPECT_LT(fit.rms_relative_error, 0.01);
  }
}

TEST(FitUsl, RecoversParametersFromNoisyPoints) {
  // ±1% alternating noise, a deterministic stand-in for measurement noise.
  std::vector<double> x = Curve(2000, 0.08, 0.003);
  for (std::size_t i = 0; i < x.size(); ++i) x[i] *= i % 2 ? 1.01 : 0.99;
  const UslFit fit = FitUsl(kSizes, x);
  ExpectWithin(fit.sigma, 0.08, 0.05);
  ExpectWithin(fit.kappa, 0.003, 0.05);
  EXPECT_GT(fit.rms_relative_error, 0.005);  // the noise shows in the fit
}

TEST(FitUsl, LinearScalingHasNoContentionNorPeak) {
  const UslFit fit = FitUsl(kSizes, Curve(100, 0, 0));
  EXPECT_LT(fit.sigma, 1e-6);
  EXPECT_EQ(fit.kappa, 0);
  EXPECT_FALSE(fit.PeakN().has_value());
}

TEST(FitUsl, AmdahlCurveHasNoCoherencyCost) {
  const UslFit fit = FitUsl(kSizes, Curve(100, 0.25, 0));
  ExpectWithin(fit.sigma, 0.25, 0.05);
  EXPECT_EQ(fit.kappa, 0);
  EXPECT_FALSE(fit.PeakN().has_value());
}

TEST(FitUsl, RejectsTooFewOrBadPoints) {
  EXPECT_THROW(FitUsl({1, 2}, {1, 2}), std::invalid_argument);
  EXPECT_THROW(FitUsl({1, 2, 2}, {1, 2, 2}), std::invalid_argument);
  EXPECT_THROW(FitUsl({1, 2, 4}, {1, 0, 2}), std::invalid_argument);
  EXPECT_THROW(FitUsl({0, 2, 4}, {1, 1, 2}), std::invalid_argument);
  EXPECT_THROW(FitUsl({1, 2, 4}, {1, 2}), std::invalid_argument);
}

TEST(FitUsl, FlatCurvePeaksAtOneWorker) {
  const UslFit fit = FitUsl(kSizes, std::vector<double>(kSizes.size(), 50));
  EXPECT_GT(fit.sigma, 0.95);
  const UslFit flat{.lambda = 50, .sigma = 1, .kappa = 1e-9};
  EXPECT_EQ(flat.PeakN(), 1.0);
}

TEST(FitUsl, PredictsTheFittedCurve) {
  const UslFit fit{.lambda = 10, .sigma = 0.1, .kappa = 0.01};
  EXPECT_DOUBLE_EQ(fit.Predict(1), 10);
  EXPECT_DOUBLE_EQ(fit.Predict(4), 40 / (1 + 0.3 + 0.12));
}

}  // namespace
}  // namespace mt::harness
