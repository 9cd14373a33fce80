// Question: when do threads holding one lock and waiting for another
//   deadlock, can it be seen before it hangs, and what does avoiding it cost?
// Model: the seeds' mutexA/mutexB in opposite orders, dining philosophers,
//   bank transfers under five avoidance strategies; tracked mutexes feed a
//   lock-order graph, and a watchdog ends a real hang (in a forked child).
// Expect: opposite orders form a cycle even when nothing hangs; one order
//   removes it; the real hang is reported within the bound; strategies differ.
#include <cstdio>
#include <iostream>
#include <regex>
#include <set>

#include "harness/bench_names.h"
#include "harness/scenario.h"
#include "workloads/ab_ba_hang.h"
#include "workloads/bank.h"
#include "workloads/philosophers.h"
#include "workloads/watchdog.h"

namespace mt::scenarios {
namespace {
using namespace mt::harness;
using namespace mt::workloads;
using State = benchmark::State;

// Long enough that both threads hold their first lock before either asks for
// its second even on a loaded machine (the seeds sleep 1 s).
constexpr auto kPause = std::chrono::milliseconds(100);
const auto kBound = DeadlockWatchdog::Options{}.bound;  // the default, 1 s
constexpr std::int64_t kOpening = 1000;  // each account's opening balance
std::string g_cycle, g_hang;  // the reports, shown in the claims' numbers
std::uint64_t Cycles() { return LockOrderGraph::Global().CycleCount(); }
void Named(int t) { SetTrackedThreadName("thread " + std::to_string(t)); }

void LockPair(State& s, AbBaOrder order, AbBaSchedule schedule) {
  const std::uint64_t before = Cycles();
  for (auto _ : s) {
    TrackedMutex a("mutexA"), b("mutexB");  // fresh locks, fresh edges
    RunAbBa(a, b, order, schedule, Named);
  }
  s.counters["cycles_per_run"] =
      double(Cycles() - before) / double(s.iterations());
  if (Cycles() > before)
    g_cycle = LockOrderGraph::Global().Reports().back().ToString();
}

// A safety net: should a benchmark here really deadlock, the report goes to
// the run's log and this child aborts (the runner records it; the run goes
// on). Off around fork(): it may hold the registry's mutex at that instant.
void SafetyNet(bool on) {
  static std::unique_ptr<DeadlockWatchdog> dog;
  dog.reset();
  if (on) {
    dog = std::make_unique<DeadlockWatchdog>(DeadlockWatchdog::Options{
        kBound, OnCycle::kAbort,
        [](const WaitReport& r) { std::cerr << r.ToString() << std::endl; }});
  }
}

// The seeds' hang in a forked child, which the watchdog reports and aborts.
void Hang(State& s) {
  SafetyNet(false);
  double reported = 0, detect_ms = 0;
  for (auto _ : s) {
    const AbBaHang hang = HangAbBaInChild<std::mutex>(
        [](int) { std::this_thread::sleep_for(kPause); }, kBound,
        std::chrono::seconds(30));  // a safety limit: the watchdog ends it
    if (!hang.reported) continue;
    ++reported;
    detect_ms += double(hang.reported_ns - hang.formed_ns) / 1e6;
    g_hang = hang.report;
  }
  s.counters["reported_fraction"] = reported / double(s.iterations());
  s.counters["detect_ms"] = reported > 0 ? detect_ms / reported : -1;
  s.counters["bound_ms"] = double(kBound.count());
  SafetyNet(true);
}

template <typename Mutex>  // lock and unlock, holding `held` other locks
void Uncontended(State& s, int held) {
  static Mutex outer("outer"), inner("inner");
  if (held) outer.lock();
  for (auto _ : s) inner.lock(), inner.unlock();
  if (held) outer.unlock();
}
struct StdMutex : std::mutex {
  explicit StdMutex(const char*) {}
};

void Philosophers(State& s, ForkOrder order) {
  static std::unique_ptr<DiningTable<TrackedMutex>> table;
  const std::uint64_t before = Cycles();
  if (s.thread_index() == 0)  // the others start after the start barrier
    table = std::make_unique<DiningTable<TrackedMutex>>(s.threads());
  for (auto _ : s) table->Dine(s.thread_index(), order);
  s.SetItemsProcessed(s.iterations());
  if (s.thread_index() != 0) return;  // all passed the stop barrier
  s.counters["cycles_per_run"] = double(Cycles() - before);
  table.reset();
}

void Transfers(State& s, Avoidance how, int accounts) {
  static std::unique_ptr<Bank> bank;
  if (s.thread_index() == 0)
    bank = std::make_unique<Bank>(accounts, kOpening, s.threads());
  std::minstd_rand rng(static_cast<unsigned>(s.thread_index() + 1));
  for (auto _ : s) bank->RandomTransfer(how, s.thread_index(), rng);
  s.SetItemsProcessed(s.iterations());
  if (s.thread_index() != 0) return;
  const TransferCounters c = bank->Counters();
  const double transfers = double(c.transfers);
  s.counters["retries"] = double(c.retries) / transfers;  // per transfer
  s.counters["timeouts"] = double(c.timeouts) / transfers;
  s.counters["waits"] = double(c.waits) / transfers;
  s.counters["total_kept"] = bank->Total() == kOpening * accounts;
  bank.reset();
}

void Register(const ScenarioContext& ctx) {
  SafetyNet(true);
  auto add = [](const std::string& name, auto... body_and_args) {
    return benchmark::RegisterBenchmark(name.c_str(), body_and_args...);
  };
  for (int held : {0, 1}) {
    const std::string axis = Axis("held", held);
    add("deadlock/uncontended/std_mutex/" + axis, Uncontended<StdMutex>, held);
    add("deadlock/uncontended/tracked_mutex/" + axis, Uncontended<TrackedMutex>,
        held);
  }
  for (AbBaOrder order : {AbBaOrder::kOpposite, AbBaOrder::kConsistent}) {
    for (auto when :
         {AbBaSchedule::kOneAfterTheOther, AbBaSchedule::kTogether}) {
      const std::string name = Name({"deadlock/ab_ba", AbBaOrderName(order),
                                     Axis("schedule", AbBaScheduleName(when))});
      if (order == AbBaOrder::kConsistent || when != AbBaSchedule::kTogether) {
        add(name, LockPair, order, when);
      } else {  // the hang itself
        add(name + "/" + Axis("pause_ms", kPause.count()), Hang)->UseRealTime();
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

std::string Fmt(double v) {
  char text[32];
  std::snprintf(text, sizeof text, "%.4g", v);
  return text;
}
double Get(const Results& r, const std::string& regex, const char* counter) {
  return r.First("^deadlock/" + regex).Counter(counter);
}

Outcome OppositeOrdersCycle(const Results& r) {
  double cycles = Get(r, "ab_ba/opposite/schedule:one", "cycles_per_run");
  return Judge(cycles == 1 && g_cycle.find("mutexA") != std::string::npos,
               Fmt(cycles) + " cycle per run, no thread waited; " + g_cycle);
}

Outcome OneOrderNoCycle(const Results& r) {
  double cycles = 0;
  for (auto* m : r.Matching("^deadlock/(ab_ba/cons|philosophers/(lo|sc))"))
    cycles += m->Counter("cycles_per_run");
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
                   " ms); " + g_hang);
}

// Transfers/s against global_order's, same accounts, threads and pinning.
Outcome StrategiesCost(const Results& r) {
  bool kept = !r.Matching("^deadlock/bank/").empty();
  std::string out =
      "transfers/s over global_order's (retries, time-outs, "
      "banker waits per transfer):";
  const std::regex strategy("^deadlock/bank/([^/]+)/"),
      shown("^deadlock/bank/([^/]+)/accounts:([0-9]+)/.*threads:([0-9]+)$");
  for (const Measurement* m : r.Matching("^deadlock/bank/")) {
    kept &= m->Counter("total_kept") == 1;
    auto* base = r.Find(
        std::regex_replace(m->name, strategy, "deadlock/bank/global_order/"));
    if (base == nullptr || base == m) continue;
    out += std::regex_replace(m->name, shown, " $1 a$2 t$3 ") +
           Fmt(m->Counter("items_per_second") /
               base->Counter("items_per_second")) +
           "x (" + Fmt(m->Counter("retries")) + " " +
           Fmt(m->Counter("timeouts")) + " " + Fmt(m->Counter("waits")) + ");";
  }
  return Judge(kept, out);
}

// Wall-clock ns judged; CPU ns shown too (steadier on a loaded machine).
Outcome TrackingCost(const Results& r) {
  std::string out;
  bool cheap = true;
  for (std::string held : {"0", "1"}) {
    const Measurement &plain = r.First("std_mutex/held:" + held),
                      &tracked = r.First("tracked_mutex/held:" + held);
    cheap &= tracked.real_ns <= 3 * plain.real_ns;
    out += "holding " + held + ": std::mutex " + Fmt(plain.real_ns) +
           " ns, tracked " + Fmt(tracked.real_ns) + " ns (" +
           Fmt(tracked.real_ns / plain.real_ns) + "x; CPU " +
           Fmt(tracked.cpu_ns / plain.cpu_ns) + "x); ";
  }
  return Judge(cheap, out);
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
          "philosophers/left_then_right_waiter/)"};
}

}  // namespace mt::scenarios
