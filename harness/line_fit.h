// Least-squares straight line through measured points, for slopes such as
// "µs of fork per GiB of parent memory".
#pragma once

#include <vector>

namespace mt::harness {

struct LineFit {
  double slope = 0;
  double intercept = 0;
};

// Thread safety: pure; any thread.
// Fits y = slope * x + intercept. Throws std::invalid_argument unless x and y
// have the same size and x holds at least two distinct values.
LineFit FitLine(const std::vector<double>& x, const std::vector<double>& y);

}  // namespace mt::harness
