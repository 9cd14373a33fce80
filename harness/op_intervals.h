// lmbench's way of timing a short operation (lat_pipe, lat_ctx, lat_proc),
// inside a Google Benchmark loop: operations are timed in intervals of at
// least 5 ms (lmbench's "enough"), the first interval is warm-up, and the
// median time per operation over the other intervals is the figure, with the
// fastest and slowest interval as its spread.
#pragma once

#include <benchmark/benchmark.h>

#include <cstdint>
#include <exception>
#include <vector>

namespace mt::harness {

// Thread safety: one thread.
class OpIntervals {
 public:
  using NowFn = std::int64_t (*)();  // nanoseconds on a monotonic clock
  static std::int64_t SteadyNowNs();

  explicit OpIntervals(std::int64_t min_interval_ns = kDefaultIntervalNs,
                       NowFn now = SteadyNowNs);

  // Call once after each operation. Reads the clock every `stride` calls
  // only, so timing costs well under 1% of even a 1 µs operation.
  void Tick() {
    if (++ops_ % stride_ == 0) Check();
  }

  // Per-operation ns of each complete interval after the warm-up; when
  // there is none, the warm-up's, and failing that the unfinished one's.
  std::vector<double> PerOpNs() const;

  // Sets counters us_median, us_min, us_max (µs per operation) and
  // intervals (how many the median is over) on `state`.
  void Report(benchmark::State& state) const;

  static constexpr std::int64_t kDefaultIntervalNs = 5'000'000;

 private:
  void Check();

  const std::int64_t min_interval_ns_;
  const NowFn now_;
  std::int64_t start_ns_;
  std::uint64_t ops_ = 0;  // in the current interval
  std::uint64_t stride_ = 1;
  double warmup_ = -1;  // per-op ns of the first interval, -1: none yet
  std::vector<double> per_op_ns_;
};

// Runs `op` once per iteration of `state`'s loop, timed by OpIntervals, and
// reports the interval counters. An exception from `op` ends the benchmark
// with SkipWithError(what) instead of ending the process.
template <typename Op>
void TimeOps(benchmark::State& state, Op&& op) {
  OpIntervals timer;
  try {
    for (auto _ : state) {
      op();
      timer.Tick();
    }
  } catch (const std::exception& e) {
    state.SkipWithError(e.what());
    return;
  }
  timer.Report(state);
}

}  // namespace mt::harness
