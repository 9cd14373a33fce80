// The USL least-squares fit: λ in closed form, (σ, κ) by grid then compass
// search, which needs no derivatives and cannot leave the bounds.
#include "harness/usl.h"

#include <algorithm>
#include <cmath>
#include <set>
#include <stdexcept>

namespace mt::harness {
namespace {

double Shape(double n, double sigma, double kappa) {
  return n / (1 + sigma * (n - 1) + kappa * n * (n - 1));
}

struct Trial {
  double sigma = 0, kappa = 0, lambda = 0, sse = INFINITY;
};

// For fixed (σ, κ) the model is λ·g(N), linear in λ: the least-squares λ is
// Σxg / Σg², and the residual Σx² − (Σxg)²/Σg².
Trial Evaluate(const std::vector<double>& n, const std::vector<double>& x,
               double sigma, double kappa) {
  double xg = 0, gg = 0, xx = 0;
  for (std::size_t i = 0; i < n.size(); ++i) {
    const double g = Shape(n[i], sigma, kappa);
    xg += x[i] * g;
    gg += g * g;
    xx += x[i] * x[i];
  }
  return {sigma, kappa, xg / gg, std::max(0.0, xx - xg * xg / gg)};
}

}  // namespace

double UslFit::Predict(double n) const {
  return lambda * Shape(n, sigma, kappa);
}

std::optional<double> UslFit::PeakN() const {
  if (kappa <= 0) return std::nullopt;
  // With σ near 1 the formula falls below one worker; the curve then peaks
  // at the smallest pool there is.
  return std::max(1.0, std::sqrt((1 - sigma) / kappa));
}

UslFit FitUsl(const std::vector<double>& n, const std::vector<double>& x) {
  if (n.size() != x.size()) {
    throw std::invalid_argument("FitUsl: as many sizes as throughputs needed");
  }
  std::set<double> distinct;
  for (std::size_t i = 0; i < n.size(); ++i) {
    if (!(n[i] >= 1) || !(x[i] > 0)) {
      throw std::invalid_argument(
          "FitUsl: sizes must be >= 1, throughputs > 0");
    }
    distinct.insert(n[i]);
  }
  if (distinct.size() < 3) {
    throw std::invalid_argument("FitUsl: needs 3 or more distinct sizes");
  }
  // Grid: σ in steps of 0.02; κ log-spaced from 1e-7 (coherency visible
  // only beyond ~3000 workers) to 1, eight points a decade, and 0.
  Trial best;
  for (int i = 0; i <= 50; ++i) {
    for (int j = -1; j <= 56; ++j) {
      const double kappa = j < 0 ? 0 : std::pow(10.0, -7 + j / 8.0);
      Trial t = Evaluate(n, x, i / 50.0, kappa);
      if (t.sse < best.sse) best = t;
    }
  }
  // Compass search from the best grid point: try a step each way on each
  // axis, halve the steps when none improves.
  double d_sigma = 0.02;
  double d_kappa = std::max(best.kappa, 1e-7);
  for (int iter = 0; iter < 20000 && (d_sigma > 1e-12 || d_kappa > 1e-16);
       ++iter) {
    bool improved = false;
    const double moves[4][2] = {
        {d_sigma, 0}, {-d_sigma, 0}, {0, d_kappa}, {0, -d_kappa}};
    for (const auto& m : moves) {
      const double s = std::clamp(best.sigma + m[0], 0.0, 1.0);
      const double k = std::clamp(best.kappa + m[1], 0.0, 1.0);
      Trial t = Evaluate(n, x, s, k);
      if (t.sse < best.sse) {
        best = t;
        improved = true;
      }
    }
    if (!improved) {
      d_sigma /= 2;
      d_kappa /= 2;
    }
  }
  // A coherency term under a millionth of the denominator at the largest
  // size is below what the points can resolve: call it none, so a curve
  // that only flattens reports no peak rather than one at 1e8 workers.
  const double n_max = *distinct.rbegin();
  if (best.kappa * n_max * (n_max - 1) <
      1e-6 * (1 + best.sigma * (n_max - 1))) {
    best = Evaluate(n, x, best.sigma, 0);
  }
  UslFit fit{best.lambda, best.sigma, best.kappa, 0};
  double sum = 0;
  for (std::size_t i = 0; i < n.size(); ++i) {
    const double rel = (fit.Predict(n[i]) - x[i]) / x[i];
    sum += rel * rel;
  }
  fit.rms_relative_error = std::sqrt(sum / static_cast<double>(n.size()));
  return fit;
}

}  // namespace mt::harness
