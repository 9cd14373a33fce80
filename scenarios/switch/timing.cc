// Ping-pong pairs with recorded placement, and the oversubscription run.
#include "scenarios/switch/timing.h"

#include "harness/op_intervals.h"
#include "harness/pinning.h"
#include "harness/process_cpu.h"
#include "workloads/compute/split_compute.h"

namespace mt::scenarios {
using namespace mt::harness;

std::vector<PairPlacement> PairPlacements(int pus, PinPolicy pin) {
  if (pin == PinPolicy::kNone) return {{"unpinned", 1, 0}};
  if (pus < 2) return {{"same_pu", 1, 0}};
  return {{"same_pu", 1, 0}, {"two_pus", 2, 1}};
}

void TimeThreadPingPong(benchmark::State& state, const std::string& name,
                        workloads::ThreadPingPong::Kind kind, PinPolicy pin,
                        PairPlacement where) {
  ScopedPin me(pin, 0, where.workers);
  RecordPlacement(name, pin, 0, 2, me);
  try {
    workloads::ThreadPingPong pp(kind, [&](const std::function<void()>& serve) {
      // Held until the partner stops serving.
      ScopedPin partner(pin, where.partner, where.workers);
      RecordPlacement(name, pin, 1, 2, partner);
      serve();
    });
    TimeOps(state, [&] { pp.RoundTrip(); });
  } catch (const std::exception& e) {  // the partner thread did not start
    state.SkipWithError(e.what());
  }
}

void TimePipePingPong(benchmark::State& state, const std::string& name,
                      PinPolicy pin, PairPlacement where) {
  ScopedPin me(pin, 0, where.workers);  // a forked partner inherits it
  // Only this thread has a ScopedPin to record; the partner process's
  // planned and seen PUs go into counters instead.
  RecordPlacement(name, pin, 0, 1, me);
  try {
    workloads::PipePingPong pp;
    int partner_pu = me.pu();
    if (where.partner != 0) {
      partner_pu = PinProcess(pp.partner(), pin, where.partner, where.workers);
    }
    TimeOps(state, [&] { pp.RoundTrip(); });
    state.counters["partner_pu"] = partner_pu;
    state.counters["partner_cpu"] = LastCpuOfProcess(pp.partner());
  } catch (const std::exception& e) {
    state.SkipWithError(e.what());
  }
}

void TimeSplitCompute(benchmark::State& state, int tasks, std::uint64_t steps) {
  double create_ns = 0, compute_ns = 0, voluntary = 0, involuntary = 0;
  try {
    for (auto _ : state) {
      const std::int64_t t0 = OpIntervals::SteadyNowNs();
      workloads::SplitCompute split(tasks, steps);
      const std::int64_t t1 = OpIntervals::SteadyNowNs();
      split.Release();
      split.Join();
      compute_ns += double(OpIntervals::SteadyNowNs() - t1);
      create_ns += double(t1 - t0);
      voluntary += double(split.Switches().voluntary);
      involuntary += double(split.Switches().involuntary);
      benchmark::DoNotOptimize(split.Result());
    }
  } catch (const std::exception& e) {
    state.SkipWithError(e.what());
    return;
  }
  using C = benchmark::Counter;
  state.counters["create_ms"] = C(create_ns / 1e6, C::kAvgIterations);
  state.counters["compute_ms"] = C(compute_ns / 1e6, C::kAvgIterations);
  state.counters["voluntary_cs"] = C(voluntary, C::kAvgIterations);
  state.counters["involuntary_cs"] = C(involuntary, C::kAvgIterations);
}

}  // namespace mt::scenarios
