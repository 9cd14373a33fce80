// The deadlock scenario's benchmark bodies and longer claims.
#include "scenarios/deadlock/support.h"

#include <memory>
#include <mutex>
#include <random>
#include <regex>
#include <thread>

#include "harness/placement.h"
#include "harness/scenario.h"
#include "workloads/base/thread_annotations.h"
#include "workloads/deadlock/ab_ba_hang.h"
#include "workloads/locks/watchdog.h"

namespace mt::scenarios::deadlock {
namespace {
using namespace mt::workloads;
using namespace mt::harness;
using State = benchmark::State;

const auto kBound = DeadlockWatchdog::Options{}.bound;  // the default, 1 s
constexpr std::int64_t kOpening = 1000;  // each account's opening balance
std::string g_cycle, g_hang;             // the latest reports

std::uint64_t Cycles() { return LockOrderGraph::Global().CycleCount(); }
void Named(int t) { SetTrackedThreadName("thread " + std::to_string(t)); }

// `outer` is taken and released under the same `held`: a pairing the
// analysis cannot follow, and restructuring would change the timed code.
template <typename Mutex>
void Uncontended(State& s, int held)
    NO_THREAD_SAFETY_ANALYSIS("outer: locked and unlocked under one `held`") {
  static Mutex outer("outer"), inner("inner");
  if (held) outer.lock();
  for (auto _ : s) inner.lock(), inner.unlock();
  if (held) outer.unlock();
}
struct StdMutex : std::mutex {
  explicit StdMutex(const char*) {}
};

}  // namespace

void SafetyNet(bool on) {
  static std::unique_ptr<DeadlockWatchdog> dog;
  dog.reset();
  if (on) {
    dog = std::make_unique<DeadlockWatchdog>(DeadlockWatchdog::Options{
        kBound, OnCycle::kAbort,
        [](const WaitReport& r) { harness::Note(r.ToString()); }});
  }
}

void LockPair(State& s, const std::string& name, AbBaOrder order,
              AbBaSchedule schedule, PinPolicy pin) {
  Placement placed(name, pin, 2);
  const std::uint64_t before = Cycles();
  for (auto _ : s) {
    TrackedMutex a("mutexA"), b("mutexB");  // fresh locks, fresh edges
    RunAbBa(a, b, order, schedule, Named, placed.Hook());
  }
  s.counters["cycles_per_run"] =
      double(Cycles() - before) / double(s.iterations());
  if (Cycles() > before) {
    g_cycle = LockOrderGraph::Global().Reports().back().ToString();
  }
}

void Hang(State& s, const std::string& name, PinPolicy pin) {
  // The threads run in a forked child; they report through shared memory.
  Placement placed(name, pin, 2);
  // Off around fork(): the safety net's thread may hold the registry's
  // mutex at that instant, and the child would inherit it locked.
  SafetyNet(false);
  double reported = 0, detect_ms = 0;
  for (auto _ : s) {
    const AbBaHang hang = HangAbBaInChild<std::mutex>(
        [](int) { std::this_thread::sleep_for(kPause); }, kBound,
        std::chrono::seconds(30),  // a safety limit: the watchdog ends it
        placed.Hook());
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

void UncontendedStdMutex(State& s, int held) { Uncontended<StdMutex>(s, held); }
void UncontendedTrackedMutex(State& s, int held) {
  Uncontended<TrackedMutex>(s, held);
}

void Philosophers(State& s, ForkOrder order) {
  static std::unique_ptr<DiningTable<TrackedMutex>> table;
  const std::uint64_t before = Cycles();
  if (s.thread_index() == 0) {  // the others start after the start barrier
    table = std::make_unique<DiningTable<TrackedMutex>>(s.threads());
  }
  for (auto _ : s) table->Dine(s.thread_index(), order);
  s.SetItemsProcessed(s.iterations());
  if (s.thread_index() != 0) return;  // all passed the stop barrier
  s.counters["cycles_per_run"] = double(Cycles() - before);
  table.reset();
}

void Transfers(State& s, Avoidance how, int accounts) {
  static std::unique_ptr<Bank> bank;
  if (s.thread_index() == 0) {
    bank = std::make_unique<Bank>(accounts, kOpening, s.threads());
  }
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

const std::string& LastCycleReport() { return g_cycle; }
const std::string& LastHangReport() { return g_hang; }

// Transfers/s against global_order's, same accounts, threads and pinning.
Outcome StrategiesCost(const Results& r) {
  bool kept = !r.Matching("^deadlock/bank/").empty();
  std::string out =
      "transfers/s over global_order's (retries, time-outs, "
      "banker waits per transfer):";
  const std::regex strategy("^deadlock/bank/([^/]+)/"),
      shown("^deadlock/bank/([^/]+)/accounts:([0-9]+)/.*threads:([0-9]+)$");
  for (const Measurement* m : r.Matching("^deadlock/bank/")) {
    kept &= m->CounterMin("total_kept") == 1;  // in every repetition
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

}  // namespace mt::scenarios::deadlock
