// Ping-pong pairs with recorded placement, and the oversubscription run.
#include "scenarios/switch/timing.h"

#include "harness/op_intervals.h"
#include "harness/placement.h"
#include "workloads/compute/split_compute.h"

namespace mt::scenarios {
using namespace mt::harness;

std::vector<PairPlacement> PairPlacements(int pus, PinPolicy pin) {
  if (pin == PinPolicy::kNone) return {{"unpinned", 1, 0}};
  if (pus < 2) return {{"same_pu", 1, 0}};
  return {{"same_pu", 1, 0}, {"two_pus", 2, 1}};
}

namespace {

// The caller as worker 0 and the partner as worker 1, each on the PU its
// index of `where.workers` gets (the same one for same_pu).
Placement PlacePair(const std::string& name, PinPolicy pin,
                    PairPlacement where) {
  return Placement(name, pin,
                   {PlannedPus(pin, 0, where.workers),
                    PlannedPus(pin, where.partner, where.workers)});
}

}  // namespace

void TimeThreadPingPong(benchmark::State& state, const std::string& name,
                        workloads::ThreadPingPong::Kind kind, PinPolicy pin,
                        PairPlacement where) {
  Placement placed = PlacePair(name, pin, where);
  const auto me = placed.PinCaller(0, "caller");
  try {
    workloads::ThreadPingPong pp(kind, placed.Hook(1, "partner"));
    TimeOps(state, [&] { pp.RoundTrip(); });
  } catch (const std::exception& e) {  // the partner thread did not start
    state.SkipWithError(e.what());
  }
}

void TimePipePingPong(benchmark::State& state, const std::string& name,
                      PinPolicy pin, PairPlacement where) {
  Placement placed = PlacePair(name, pin, where);
  const auto me = placed.PinCaller(0, "caller");
  try {
    workloads::PipePingPong pp(placed.Hook(1, "partner"));
    TimeOps(state, [&] { pp.RoundTrip(); });
  } catch (const std::exception& e) {
    state.SkipWithError(e.what());
  }
}

void TimeSplitCompute(benchmark::State& state, const std::string& name,
                      int tasks, std::uint64_t steps, PinPolicy pin) {
  Placement placed(name, pin, tasks);
  const workloads::OnWorkerStart hook = placed.Hook();
  double create_ns = 0, compute_ns = 0, voluntary = 0, involuntary = 0;
  try {
    for (auto _ : state) {
      const std::int64_t t0 = OpIntervals::SteadyNowNs();
      workloads::SplitCompute split(tasks, steps, hook);
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
