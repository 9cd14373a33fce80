// Question: when do threads holding one lock and waiting for another
//   deadlock, can it be seen before it hangs, and what does avoiding it cost?
// Model: the seeds' mutexA/mutexB in opposite orders, dining philosophers,
//   bank transfers under five avoidance strategies; tracked mutexes feed a
//   lock-order graph, and a watchdog ends a real hang (in a forked child).
// Expect: opposite orders form a cycle even when nothing hangs; one order
//   removes it; the real hang is reported within the bound; strategies differ.
#include <set>

#include "harness/bench_names.h"
#include "harness/scenario.h"
#include "scenarios/deadlock/support.h"

namespace mt::scenarios {
namespace {
using namespace mt::harness;
using namespace mt::workloads;
using namespace mt::scenarios::deadlock;
using State = benchmark::State;

void Register(const ScenarioContext& ctx) {
  SafetyNet(true);
  auto add = [](const std::string& name, auto... body_and_args) {
    return benchmark::RegisterBenchmark(name.c_str(), body_and_args...);
  };
  for (int held : {0, 1}) {
    const std::string axis = Axis("held", held);
    add("deadlock/uncontended/std_mutex/" + axis, UncontendedStdMutex, held);
    add("deadlock/uncontended/tracked_mutex/" + axis, UncontendedTrackedMutex,
        held);
  }
  const PinPolicy pair_pin = ctx.Pin();  // no pin axis in the pair's names
  for (AbBaOrder order : {AbBaOrder::kOpposite, AbBaOrder::kConsistent}) {
    for (auto when :
         {AbBaSchedule::kOneAfterTheOther, AbBaSchedule::kTogether}) {
      std::string name = Name({"deadlock/ab_ba", AbBaOrderName(order),
                               Axis("schedule", AbBaScheduleName(when))});
      if (order == AbBaOrder::kConsistent || when != AbBaSchedule::kTogether) {
        add(name, [=](State& s) { LockPair(s, name, order, when, pair_pin); });
      } else {  // the hang itself
        // Two appends, not "/" + Axis(...): gcc 12 misreads the temporary
        // string's copy as overlapping (-Wrestrict).
        name += '/';
        name += Axis("pause_ms", kPause.count());
        add(name, [=](State& s) { Hang(s, name, pair_pin); })->UseRealTime();
      }
    }
  }
  std::set<int> tables{5};  // Dijkstra's table, and the sweep from 2
  for (int n : ctx.ThreadSweep()) tables.insert(std::max(n, 2));
  for (PinPolicy pin : ctx.pins) {
    const std::string pin_axis = Axis("pin", PinPolicyName(pin));
    for (ForkOrder order : kAllForkOrders) {
      auto* b = AddPinned(
          Name({"deadlock/philosophers", ForkOrderName(order), pin_axis}), pin,
          [order](State& s) { Philosophers(s, order); });
      for (int n : tables) b->Threads(n);
    }
    for (int accounts : {4, 64}) {  // crowded (most transfers cross), roomy
      for (Avoidance how : kAllAvoidances) {
        auto* b = AddPinned(
            Name({"deadlock/bank", AvoidanceName(how),
                  Axis("accounts", accounts), pin_axis}),
            pin, [how, accounts](State& s) { Transfers(s, how, accounts); });
        for (int n : ctx.ThreadSweep()) b->Threads(n);
      }
    }
  }
}

double Get(const Results& r, const std::string& regex, const char* counter) {
  return r.First("^deadlock/" + regex).Counter(counter);
}

Outcome OppositeOrdersCycle(const Results& r) {
  double cycles = Get(r, "ab_ba/opposite/schedule:one", "cycles_per_run");
  return Judge(
      cycles == 1 && LastCycleReport().find("mutexA") != std::string::npos,
      Fmt(cycles) + " cycle per run, no thread waited; " + LastCycleReport());
}

Outcome OneOrderNoCycle(const Results& r) {
  double cycles = 0;
  for (auto* m : r.Matching("^deadlock/(ab_ba/cons|philosophers/(lo|sc))"))
    cycles += m->CounterMax("cycles_per_run");
  const double left = Get(r, "philosophers/left", "cycles_per_run");
  return Judge(cycles == 0,
               Fmt(cycles) + " cycles; left-then-right " +
                   "philosophers (a waiter prevents the hang): " + Fmt(left));
}

Outcome HangReported(const Results& r) {
  const std::string hang = "ab_ba/opposite/schedule:together";
  const double ms = Get(r, hang, "detect_ms"), bound = Get(r, hang, "bound_ms"),
               reported = Get(r, hang, "reported_fraction");
  return Judge(reported > 0 && ms <= bound,
               Fmt(100 * reported) + "% of runs hung, reported " + Fmt(ms) +
                   " ms after the cycle formed (bound " + Fmt(bound) +
                   " ms); " + LastHangReport());
}

}  // namespace

MT_SCENARIO(deadlock) {
  return {
      .name = "deadlock",
      .question =
          "can a deadlock be seen before it hangs? what does "
          "avoiding it cost?",
      .register_benchmarks = Register,
      .claims = {{"Threads each holding one lock and waiting for the other's "
                  "deadlock; the lock-order graph names the cycle even in a "
                  "run that never hung.",
                  "cycles_per_run(ab_ba/opposite, one after the other) == 1",
                  false, OppositeOrdersCycle},
                 {"Taking locks in one consistent order removes the cycle.",
                  "cycles == 0: ab_ba/consistent, philosophers lower_first, "
                  "scoped_lock",
                  false, OneOrderNoCycle},
                 {"A real deadlock hangs forever; the watchdog reports the "
                  "cycle within its bound and ends the process.",
                  "reported_fraction > 0 and detect_ms <= bound_ms", false,
                  HangReported},
                 {"Avoid deadlock by design (lock order, banker's algorithm) "
                  "or by time-outs: every transfer kept, at a cost.",
                  "total_kept == 1 in every bank run", false, StrategiesCost},
                 {"A tracked mutex costs at most 3x a std::mutex, "
                  "uncontended.",
                  "ns(tracked_mutex) <= 3 x ns(std_mutex), holding 0 or 1 lock",
                  false, TrackingCost}},
      .analyses = {},
      // Real lock-order inversions on std::mutex, which ThreadSanitizer's
      // detector reports; none of them hangs.
      .hunt_filter =
          "^deadlock/(ab_ba/opposite/schedule:one_after_other|"
          "philosophers/left_then_right_waiter/)",
      .starts_workers = "^deadlock/ab_ba/"};
}

}  // namespace mt::scenarios
