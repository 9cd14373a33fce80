// Parallel-speedup calibration with the fixed compute kernel.
#include "harness/calibration.h"

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <thread>
#include <vector>

#include "harness/pinning.h"
#include "workloads/compute/compute.h"

namespace mt::harness {
namespace {

// Wall seconds for `threads` pinned threads each computing `steps`.
double TimeParallel(int threads, std::uint64_t steps) {
  std::vector<std::uint64_t> sink(static_cast<size_t>(threads));
  auto start = std::chrono::steady_clock::now();
  std::vector<std::thread> workers;
  for (int i = 0; i < threads; ++i) {
    workers.emplace_back([&, i] {
      ScopedPin pin(PinPolicy::kCompact, i, threads);
      sink[static_cast<size_t>(i)] = workloads::ComputeSeries(steps, i + 1);
    });
  }
  for (std::thread& t : workers) t.join();
  std::chrono::duration<double> wall = std::chrono::steady_clock::now() - start;
  volatile std::uint64_t keep = sink[0];  // keep the results alive
  (void)keep;
  return wall.count();
}

}  // namespace

MachineFacts Calibrate(const Topology& topology, bool quick) {
  MachineFacts facts;
  facts.pus = topology.Pus();
  double load[1] = {0};
  if (getloadavg(load, 1) == 1) facts.load_average = load[0];
  // ~50 ms of compute per thread (20 ms quick): long enough to swamp thread
  // start-up, short enough to keep the run snappy.
  const std::uint64_t steps = quick ? 20'000'000 : 50'000'000;
  std::vector<double> speedups;
  for (int round = 0; round < 3; ++round) {
    double one = TimeParallel(1, steps);
    double all = TimeParallel(facts.pus, steps);
    speedups.push_back(facts.pus * one / all);
  }
  std::sort(speedups.begin(), speedups.end());
  facts.parallel_speedup = speedups[1];
  return facts;
}

}  // namespace mt::harness
