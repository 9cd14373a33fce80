// Gunther's Universal Scalability Law: X(N) = λN / (1 + σ(N−1) + κN(N−1)),
// fitted by least squares to throughput measured at several sizes N.
#pragma once

#include <optional>
#include <vector>

namespace mt::harness {

struct UslFit {
  double lambda = 0;  // throughput of one worker, X(1) on the fitted curve
  double sigma = 0;   // contention: the serial fraction (Amdahl), in [0, 1]
  double kappa = 0;   // coherency: cost of workers agreeing, >= 0
  double rms_relative_error = 0;  // of the fitted curve against the points

  double Predict(double n) const;
  // N* = sqrt((1 − σ) / κ), where the curve peaks (at least 1); nullopt
  // when κ == 0 (throughput then only flattens, towards λ/σ).
  std::optional<double> PeakN() const;
};

// Thread safety: pure; any thread.
// Least squares on X (not on a linearised form) over λ > 0, σ in [0, 1] and
// κ in [0, 1]; λ is solved in closed form for each (σ, κ), which a grid
// then a shrinking compass search explore. Throws std::invalid_argument
// unless there are at least 3 points with distinct n >= 1 and x > 0.
UslFit FitUsl(const std::vector<double>& n, const std::vector<double>& x);

}  // namespace mt::harness
