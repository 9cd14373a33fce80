// Ordinary least squares for one predictor.
#include "harness/line_fit.h"

#include <stdexcept>

namespace mt::harness {

LineFit FitLine(const std::vector<double>& x, const std::vector<double>& y) {
  if (x.size() != y.size() || x.size() < 2)
    throw std::invalid_argument("FitLine needs two or more (x, y) points");
  const double n = double(x.size());
  double mean_x = 0, mean_y = 0;
  for (size_t i = 0; i < x.size(); ++i) {
    mean_x += x[i] / n;
    mean_y += y[i] / n;
  }
  double sxx = 0, sxy = 0;
  for (size_t i = 0; i < x.size(); ++i) {
    sxx += (x[i] - mean_x) * (x[i] - mean_x);
    sxy += (x[i] - mean_x) * (y[i] - mean_y);
  }
  if (sxx == 0) throw std::invalid_argument("FitLine needs distinct x values");
  const double slope = sxy / sxx;
  return {slope, mean_y - slope * mean_x};
}

}  // namespace mt::harness
