// The gil scenario's benchmark bodies: timing, CPU use and latency around the
// emulator's programs (workloads/gil/gil_programs.h).
#include "scenarios/gil/bench.h"

#include <sys/resource.h>

#include <algorithm>
#include <atomic>
#include <cmath>
#include <latch>
#include <thread>

#include "harness/placement.h"
#include "workloads/gil/gil_handoff.h"

namespace mt::scenarios::gil {
namespace {

using harness::PinPolicy;
using harness::Placement;
using harness::Topology;

using workloads::Gil;
using workloads::GilPolicy;
using Clock = std::chrono::steady_clock;

double Seconds(const timeval& t) {
  return double(t.tv_sec) + double(t.tv_usec) / 1e6;
}

// Wall clock and CPU time of this process and its reaped children: forked
// workers are reaped inside the iteration, so their CPU counts too.
struct Usage {
  Clock::time_point wall;
  double cpu_s = 0;
  static Usage Now() {
    rusage self{}, children{};
    getrusage(RUSAGE_SELF, &self);
    getrusage(RUSAGE_CHILDREN, &children);
    return {Clock::now(), Seconds(self.ru_utime) + Seconds(self.ru_stime) +
                              Seconds(children.ru_utime) +
                              Seconds(children.ru_stime)};
  }
};

double WallSince(const Usage& start) {
  return std::chrono::duration<double>(Clock::now() - start.wall).count();
}

}  // namespace

void BenchCpuBound(benchmark::State& state, const std::string& name,
                   GilPolicy policy, int workers, std::uint64_t total_bytecodes,
                   PinPolicy pin) {
  const std::uint64_t each = total_bytecodes / std::uint64_t(workers);
  const bool processes = policy == GilPolicy::kPerProcess;
  Placement placed(name, pin, workers);  // per_process: children report
  const workloads::OnWorkerStart hook = placed.Hook();
  workloads::GilStats sum;
  const Usage start = Usage::Now();
  for (auto _ : state) {
    if (processes) {
      workloads::ProcessRun run =
          workloads::RunCpuProcesses(workers, each, hook);
      if (!run.ok) {
        state.SkipWithError(run.error.c_str());
        return;
      }
      continue;
    }
    Gil gil(policy);
    benchmark::DoNotOptimize(
        workloads::RunCpuThreads(gil, workers, each, hook));
    const workloads::GilStats s = gil.Stats();
    sum.switches += s.switches;
    sum.forced_drops += s.forced_drops;
  }
  const double wall = WallSince(start);
  const double cpu = Usage::Now().cpu_s - start.cpu_s;
  const int pus = Topology::Machine().Pus();
  state.counters["cpu_util"] = cpu / wall / pus;
  state.counters["switches_per_s"] = double(sum.switches) / wall;
  state.counters["forced_drops_per_s"] = double(sum.forced_drops) / wall;
  state.counters["work_s"] = wall / double(state.iterations());
}

std::vector<double> RunMixedProgram(Gil& gil, int cpu_threads, bool io_thread,
                                    std::chrono::milliseconds run_for,
                                    const workloads::OnWorkerStart& on_start) {
  const int io = cpu_threads;  // the I/O thread's id and worker index
  const int threads_in_all = cpu_threads + (io_thread ? 1 : 0);
  std::vector<double> samples_us;
  auto latency_us = [](Clock::time_point asked) {
    return std::chrono::duration<double, std::micro>(Clock::now() - asked -
                                                     kIoWait)
        .count();
  };
  std::atomic<bool> stop{false};                     // relaxed: carries no data
  std::latch go(cpu_threads + (io_thread ? 2 : 1));  // workers and this one
  std::vector<std::thread> threads;
  threads.reserve(size_t(cpu_threads) + 1);
  for (int t = 0; t < cpu_threads; ++t) {
    threads.emplace_back([&, t] {
      workloads::CallWorkerHook(on_start, t, threads_in_all);
      go.arrive_and_wait();
      workloads::RunBytecodesUntil(gil, t, stop);
    });
  }
  // The I/O thread starts with an I/O wait, so even one starved for the
  // whole run leaves a sample: the time until the others stopped.
  if (io_thread) {
    threads.emplace_back([&] {
      workloads::CallWorkerHook(on_start, io, threads_in_all);
      go.arrive_and_wait();
      Clock::time_point asked = Clock::now();
      std::this_thread::sleep_for(kIoWait);
      gil.Take(io);
      samples_us.push_back(latency_us(asked));
      for (std::uint64_t i = 1; !stop.load(std::memory_order_relaxed); ++i) {
        benchmark::DoNotOptimize(workloads::ExecuteBytecode(i));
        gil.Check(io);
        asked = Clock::now();
        gil.Blocking(io, [] { std::this_thread::sleep_for(kIoWait); });
        samples_us.push_back(latency_us(asked));
      }
      gil.Drop(io);
    });
  }
  go.arrive_and_wait();
  std::this_thread::sleep_for(run_for);
  stop.store(true, std::memory_order_relaxed);
  for (std::thread& t : threads) t.join();
  return samples_us;
}

void BenchIoLatency(benchmark::State& state, const std::string& name,
                    GilPolicy policy, int cpu_threads,
                    std::chrono::microseconds switch_interval,
                    std::chrono::milliseconds run_for, PinPolicy pin) {
  Placement placed(name, pin, cpu_threads + 1);
  const workloads::OnWorkerStart hook = placed.Hook();
  std::vector<double> samples_us;
  for (auto _ : state) {
    Gil gil(policy, switch_interval);
    std::vector<double> more =
        RunMixedProgram(gil, cpu_threads, true, run_for, hook);
    samples_us.insert(samples_us.end(), more.begin(), more.end());
  }
  state.counters["io_p50_us"] = NearestRank(samples_us, 0.50);
  state.counters["io_p99_us"] = NearestRank(samples_us, 0.99);
  state.counters["io_max_us"] = NearestRank(samples_us, 1.0);
  state.counters["io_samples"] = double(samples_us.size());
  state.counters["switch_interval_us"] = double(switch_interval.count());
}

namespace {

// `handoffs` handoffs of `kind`; returns those done.
std::uint64_t Handoffs(const std::string& kind, std::uint64_t handoffs,
                       const workloads::OnWorkerStart& hook) {
  if (kind == "gil") {
    Gil gil(GilPolicy::kInterval);
    return workloads::GilPingPong(gil, handoffs, hook);
  }
  if (kind == "condvar") return workloads::CondvarPingPong(handoffs, hook);
  return workloads::FutexPingPong(handoffs, hook);
}

}  // namespace

void BenchHandoff(benchmark::State& state, const std::string& name,
                  const std::string& kind, std::uint64_t handoffs,
                  PinPolicy pin) {
  Placement placed(name, pin, 2);
  const workloads::OnWorkerStart hook = placed.Hook();
  std::uint64_t done = 0;
  const Usage start = Usage::Now();
  for (auto _ : state) done += Handoffs(kind, handoffs, hook);
  state.counters["handoff_ns"] = WallSince(start) * 1e9 / double(done);
}

void BenchHandoffRounds(benchmark::State& state, const std::string& name,
                        std::uint64_t handoffs, PinPolicy pin) {
  Placement placed(name, pin, 2);
  const workloads::OnWorkerStart hook = placed.Hook();
  std::vector<double> least(kHandoffKinds.size(), INFINITY);
  size_t round = 0;
  for (auto _ : state) {
    for (size_t k = 0; k < kHandoffKinds.size(); ++k) {
      // Each round starts with the next kind, so none always goes first.
      const size_t kind = (round + k) % kHandoffKinds.size();
      const Usage start = Usage::Now();
      const std::uint64_t done = Handoffs(kHandoffKinds[kind], handoffs, hook);
      least[kind] =
          std::min(least[kind], WallSince(start) * 1e9 / double(done));
    }
    ++round;
  }
  for (size_t k = 0; k < kHandoffKinds.size(); ++k)
    state.counters[kHandoffKinds[k] + "_ns_min"] = least[k];
}

double NearestRank(std::vector<double> samples, double p) {
  if (samples.empty()) return 0;
  const auto rank =
      static_cast<size_t>(std::max(1.0, std::ceil(p * double(samples.size()))));
  std::nth_element(samples.begin(), samples.begin() + long(rank - 1),
                   samples.end());
  return samples[rank - 1];
}

}  // namespace mt::scenarios::gil
