// A fixed amount of compute split across N threads that start together at a
// gate: with more threads than PUs, the same work is cut into time slices
// and the threads' context switches are counted (getrusage RUSAGE_THREAD).
#pragma once

#include <atomic>
#include <cstdint>
#include <memory>
#include <thread>
#include <vector>

#include "workloads/base/cache_line.h"
#include "workloads/base/worker_hook.h"

namespace mt::workloads {

struct SwitchCounts {
  std::int64_t voluntary = 0;    // the thread blocked (waited, slept)
  std::int64_t involuntary = 0;  // the scheduler preempted it
};

// Thread safety: every method from the thread that constructed it.
class SplitCompute {
 public:
  // Starts `threads` (>= 1) threads that wait at the gate; together they will
  // run ComputeSeries over `total_steps` steps, split as evenly as possible.
  // Thread i calls on_start(i, threads) before the gate. Throws
  // std::system_error when a thread cannot be created (those started are
  // released and joined first).
  SplitCompute(int threads, std::uint64_t total_steps,
               const OnWorkerStart& on_start = {});
  ~SplitCompute();  // releases the gate if still closed, joins every thread
  SplitCompute(const SplitCompute&) = delete;
  SplitCompute& operator=(const SplitCompute&) = delete;

  void Release();  // opens the gate: every thread starts its share
  void Join();     // waits until every thread finished

  // After Join(): the sum of every share's series value (depends on all the
  // work done, so none can be skipped) and the threads' context switches from
  // passing the gate to finishing.
  std::uint64_t Result() const;
  SwitchCounts Switches() const;

 private:
  struct alignas(kCacheLine) Share {  // one per thread, written by it alone
    std::uint64_t steps = 0;
    std::uint64_t result = 0;
    SwitchCounts switches;
  };
  void Work(Share& share);

  // Memory ordering: the release store in Release() pairs with the threads'
  // acquire loads; join() publishes each Share back to us.
  std::atomic<bool> open_{false};
  std::unique_ptr<Share[]> shares_;
  std::vector<std::thread> threads_;
};

// The same work on one thread, for tests: the Result() SplitCompute gives.
std::uint64_t SplitComputeExpected(int threads, std::uint64_t total_steps);

}  // namespace mt::workloads
