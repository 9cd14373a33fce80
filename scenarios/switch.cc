// Question: what does handing the CPU from one task to another cost, and do
//   thousands of runnable tasks spend their time switching?
// Model: two threads (futex, condition variable) or processes (pipes) pass a
//   token, pinned to one PU or two, timed as lmbench's lat_ctx and lat_pipe;
//   a fixed amount of compute split across 1 ... 1,000 threads.
// Expect: a round trip costs microseconds, several times more across PUs
//   (an inter-processor wake-up); with time slices of milliseconds, 1,000
//   compute threads lose little to switching, whatever the seeds say.
#include <algorithm>

#include "harness/bench_names.h"
#include "harness/op_intervals.h"
#include "harness/scenario.h"
#include "scenarios/switch/timing.h"

namespace mt::scenarios {
namespace {
using namespace mt::harness;
using Kind = workloads::ThreadPingPong::Kind;

// "Spend their time switching": a tenth of the compute phase or more goes to
// context switches, counted and priced at lat_ctx's cost each. The elapsed
// time alone would not do: one quick iteration differs by 10 % from noise.
constexpr double kShareThreshold = 0.10;

std::vector<int> TaskSweep(const ScenarioContext& ctx) {
  const int pus = ctx.Pus();
  std::vector<int> n = {1, pus, 10, 100, 1000};
  if (!ctx.quick) n.insert(n.end(), {2 * pus, 4 * pus, 32, 316});
  std::sort(n.begin(), n.end());
  n.erase(std::unique(n.begin(), n.end()), n.end());
  return n;
}

void Register(const ScenarioContext& ctx) {
  for (PinPolicy pin : ctx.pins) {
    const std::string pin_axis = Axis("pin", PinPolicyName(pin));
    for (PairPlacement p : PairPlacements(ctx.Pus(), pin)) {
      const std::string where = Axis("placement", p.name);
      for (Kind kind : {Kind::kFutex, Kind::kCondVar}) {
        std::string name =
            Name({"switch/pingpong", kind == Kind::kFutex ? "futex" : "condvar",
                  where, pin_axis});
        benchmark::RegisterBenchmark(name.c_str(), [=](benchmark::State& s) {
          TimeThreadPingPong(s, name, kind, pin, p);
        })->UseRealTime();
      }
      std::string name = Name({"switch/pingpong/pipe", where, pin_axis});
      benchmark::RegisterBenchmark(name.c_str(), [=](benchmark::State& s) {
        TimePipePingPong(s, name, pin, p);
      })->UseRealTime();
    }
    AddPinned(Name({"switch/loopback/pipe", pin_axis}), pin,
              [](benchmark::State& s) {
                workloads::PipeLoopback loop;
                TimeOps(s, [&] { loop.RoundTrip(); });
              });
  }
  // A fixed compute of 0.1 G steps (quick) or 0.8 G (full): ComputeSeries
  // runs 1-4 ns a step, so in full mode each of 1,000 threads computes for
  // about a millisecond or more, a time slice: they are preempted, not just
  // run one after another.
  const std::uint64_t steps = ctx.quick ? 100'000'000 : 800'000'000;
  const PinPolicy pin = ctx.Pin();  // no pin axis in these names
  for (int tasks : TaskSweep(ctx)) {
    const std::string name =
        Name({"switch/oversubscribe/compute", Axis("tasks", tasks)});
    benchmark::RegisterBenchmark(name.c_str(), [=](benchmark::State& s) {
      TimeSplitCompute(s, name, tasks, steps, pin);
    })->UseRealTime();
  }
}

// Median µs per round trip of the first benchmark matching `regex`.
double Us(const Results& r, const std::string& regex) {
  return r.First(regex).Counter("us_median");
}

const Measurement& Split(const Results& r, int tasks) {
  return r.First("^switch/oversubscribe/compute/" + Axis("tasks", tasks) + "/");
}

// lat_ctx's figure: half a same-PU pipe round trip (one switch) less the pipe
// calls themselves (the loopback); and the same-PU futex hand-over.
std::map<std::string, double> SwitchCosts(const Results& r) {
  const double pipe = Us(r, "^switch/pingpong/pipe/placement:same_pu/");
  std::map<std::string, double> out = {
      {"pipe_round_trip_same_pu_us", pipe},
      {"pipe_switch_us_lat_ctx", pipe / 2 - Us(r, "^switch/loopback/pipe/")},
      {"futex_handover_same_pu_us",
       Us(r, "^switch/pingpong/futex/placement:same_pu/") / 2}};
  if (r.Matching("^switch/pingpong/futex/placement:two_pus/").size()) {
    out["futex_handover_two_pus_us"] =
        Us(r, "^switch/pingpong/futex/placement:two_pus/") / 2;
  }
  return out;
}

// The compute phase at 1,000 tasks against at one task per PU, and the share
// of the 1,000-task run its context switches explain at lat_ctx's cost each.
std::map<std::string, double> Oversubscription(const Results& r) {
  const int pus = Topology::Machine().Pus();
  const Measurement &many = Split(r, 1000), &base = Split(r, pus);
  const double switches =
      many.Counter("voluntary_cs") + many.Counter("involuntary_cs");
  const double many_ms = many.Counter("compute_ms");
  std::map<std::string, double> out = {
      {"compute_ms_at_pus", base.Counter("compute_ms")},
      {"compute_ms_at_1000", many_ms},
      {"overhead_1000_vs_pus", many_ms / base.Counter("compute_ms") - 1},
      {"switches_at_1000", switches},
      {"create_ms_at_1000", many.Counter("create_ms")}};
  try {  // with the ping-pong measured too
    out["switching_share_at_1000"] =
        switches * SwitchCosts(r).at("pipe_switch_us_lat_ctx") /
        (many_ms * 1e3 * pus);
  } catch (const MissingMeasurement&) {
  }
  return out;
}

Outcome ThousandsSwitch(const Results& r) {
  auto f = Oversubscription(r);
  if (!f.count("switching_share_at_1000"))
    throw MissingMeasurement("the same-PU pipe ping-pong was not run");
  return Judge(f["switching_share_at_1000"] >= kShareThreshold,
               Fmt(f["switches_at_1000"]) + " switches on 1,000 threads, " +
                   Fmt(100 * f["switching_share_at_1000"]) +
                   "% of their compute time at lat_ctx's cost each; the "
                   "same compute took " +
                   Fmt(f["compute_ms_at_1000"]) + " ms against " +
                   Fmt(f["compute_ms_at_pus"]) +
                   " ms on one thread per PU (overhead " +
                   Fmt(100 * f["overhead_1000_vs_pus"]) +
                   "%), and creating the threads " +
                   Fmt(f["create_ms_at_1000"]) + " ms");
}

}  // namespace

MT_SCENARIO(switch) {
  return {.name = "switch",
          .question =
              "what does a context switch cost, and do thousands of "
              "tasks spend their time switching?",
          .register_benchmarks = Register,
          .claims = {{"Thousands of tasks spend their time switching.",
                      "switches(1,000 threads) x lat_ctx switch cost >= 10% "
                      "of their compute time",
                      // Against other load, 1,000 threads win a larger share
                      // of the CPUs: only a machine that delivers its PUs
                      // compares the splits fairly.
                      true, ThousandsSwitch}},
          .analyses = {{"switch_cost", SwitchCosts},
                       {"oversubscription", Oversubscription}},
          .hunt_filter = "",
          .starts_workers = "^switch/(pingpong|oversubscribe)/"};
}

}  // namespace mt::scenarios
