// Compute split across gated threads, with per-thread context switch counts.
#include "workloads/compute/split_compute.h"

#include <sys/resource.h>

#include "workloads/compute/compute.h"

namespace mt::workloads {
namespace {

SwitchCounts ThreadSwitches() {
  rusage usage{};
  getrusage(RUSAGE_THREAD, &usage);
  return {usage.ru_nvcsw, usage.ru_nivcsw};
}

// Share `i` of `threads`: the remainder goes one step each to the first ones.
std::uint64_t StepsOf(int i, int threads, std::uint64_t total) {
  const std::uint64_t n = static_cast<std::uint64_t>(threads);
  return total / n + (static_cast<std::uint64_t>(i) < total % n ? 1 : 0);
}

}  // namespace

SplitCompute::SplitCompute(int threads, std::uint64_t total_steps,
                           const OnWorkerStart& on_start)
    : shares_(std::make_unique<Share[]>(static_cast<std::size_t>(threads))) {
  threads_.reserve(static_cast<std::size_t>(threads));
  try {
    for (int i = 0; i < threads; ++i) {
      Share& share = shares_[static_cast<std::size_t>(i)];
      share.steps = StepsOf(i, threads, total_steps);
      threads_.emplace_back([this, &share, on_start, i, threads] {
        CallWorkerHook(on_start, i, threads);
        Work(share);
      });
    }
  } catch (...) {
    Release();
    Join();
    throw;
  }
}

SplitCompute::~SplitCompute() {
  Release();
  Join();
}

void SplitCompute::Work(Share& share) {
  open_.wait(false, std::memory_order_acquire);
  const SwitchCounts before = ThreadSwitches();
  // The seed makes each share's value different, so no two are merged.
  share.result = ComputeSeries(share.steps, share.steps + 1);
  const SwitchCounts after = ThreadSwitches();
  share.switches = {after.voluntary - before.voluntary,
                    after.involuntary - before.involuntary};
}

void SplitCompute::Release() {
  open_.store(true, std::memory_order_release);
  open_.notify_all();
}

void SplitCompute::Join() {
  for (std::thread& t : threads_) {
    if (t.joinable()) t.join();
  }
}

std::uint64_t SplitCompute::Result() const {
  std::uint64_t sum = 0;
  for (std::size_t i = 0; i < threads_.size(); ++i) sum += shares_[i].result;
  return sum;
}

SwitchCounts SplitCompute::Switches() const {
  SwitchCounts sum;
  for (std::size_t i = 0; i < threads_.size(); ++i) {
    sum.voluntary += shares_[i].switches.voluntary;
    sum.involuntary += shares_[i].switches.involuntary;
  }
  return sum;
}

std::uint64_t SplitComputeExpected(int threads, std::uint64_t total_steps) {
  std::uint64_t sum = 0;
  for (int i = 0; i < threads; ++i) {
    const std::uint64_t steps = StepsOf(i, threads, total_steps);
    sum += ComputeSeries(steps, steps + 1);
  }
  return sum;
}

}  // namespace mt::workloads
