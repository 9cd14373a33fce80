// Interval timing and the median over intervals, as lmbench does it.
#include "harness/op_intervals.h"

#include <algorithm>
#include <chrono>

namespace mt::harness {

std::int64_t OpIntervals::SteadyNowNs() {
  return std::chrono::duration_cast<std::chrono::nanoseconds>(
             std::chrono::steady_clock::now().time_since_epoch())
      .count();
}

OpIntervals::OpIntervals(std::int64_t min_interval_ns, NowFn now)
    : min_interval_ns_(min_interval_ns), now_(now), start_ns_(now()) {}

void OpIntervals::Check() {
  const std::int64_t now = now_();
  const std::int64_t elapsed = now - start_ns_;
  if (elapsed < min_interval_ns_) return;
  const double per_op = double(elapsed) / double(ops_);
  if (warmup_ < 0) {
    warmup_ = per_op;
    // About 64 clock reads per interval from now on.
    stride_ = std::max<std::uint64_t>(1, ops_ / 64);
  } else {
    per_op_ns_.push_back(per_op);
  }
  ops_ = 0;
  start_ns_ = now;
}

std::vector<double> OpIntervals::PerOpNs() const {
  if (!per_op_ns_.empty()) return per_op_ns_;
  if (warmup_ >= 0) return {warmup_};
  if (ops_ == 0) return {};
  return {double(now_() - start_ns_) / double(ops_)};
}

void OpIntervals::Report(benchmark::State& state) const {
  std::vector<double> v = PerOpNs();
  if (v.empty()) return;
  std::sort(v.begin(), v.end());
  const size_t n = v.size();
  const double median = n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
  state.counters["us_median"] = median / 1e3;
  state.counters["us_min"] = v.front() / 1e3;
  state.counters["us_max"] = v.back() / 1e3;
  state.counters["intervals"] = double(n);
}

}  // namespace mt::harness
