// Question: what does starting a task cost (a process by each way Unix
//   offers, a thread, a pooled worker), and how does the parent's size matter?
// Model: start one task and reap it per iteration, timed as lmbench's
//   lat_proc, from a parent holding 0 MiB to 1 GiB of touched memory.
// Expect: processes cost more than threads; fork grows with the parent's page
//   tables while vfork, clone and posix_spawn do not; a pool pays no creation.
#include <algorithm>
#include <cmath>

#include "harness/bench_names.h"
#include "harness/line_fit.h"
#include "harness/placement.h"
#include "harness/scenario.h"
#include "scenarios/spawn/timing.h"

namespace mt::scenarios {
namespace {
using namespace mt::harness;
using namespace mt::workloads;

constexpr std::size_t kSizesMib[] = {0, 64, 256, 1024};  // quick: up to 256
// fork copies an entry per 4 KiB page, posix_spawn none: a real difference
// is an order of magnitude, far beyond the noise of a fitted slope.
constexpr double kSlopeRatio = 10;
// A pooled task costs a pipe round trip, a new process hundreds of µs: a
// pool that amortises creation is at least twice as fast per task.
constexpr double kPoolGain = 2;

const std::vector<StartMethod>& Methods() {
  static const auto* methods =
      new std::vector<StartMethod>(StartMethods(MT_TOOLS_DIR "/spawn_target"));
  return *methods;
}

// The benchmark thread is worker 0; a method's pooled workers share its PU
// (as every child started per operation does, inheriting the binding), so
// that a pooled task costs what a started one would, less the start.
void Register(const ScenarioContext& ctx) {
  for (PinPolicy pin : ctx.pins) {
    for (std::size_t mib : kSizesMib) {
      if (ctx.quick && mib > 256) continue;
      for (const StartMethod& m : Methods()) {
        const std::string name =
            Name({"spawn/create", m.name, Axis("parent_mib", (long long)mib),
                  Axis("pin", PinPolicyName(pin))});
        benchmark::RegisterBenchmark(name.c_str(), [&m, mib, name,
                                                    pin](benchmark::State& s) {
          Placement placed(name, pin,
                           Placement::Plan(size_t(1 + m.pooled_workers),
                                           PlannedPus(pin, 0, 1)));
          const auto parent = placed.PinCaller(0, "parent");
          TimeStart(s, m, mib, placed.Hook(1, "pooled"));
        })->UseRealTime();
      }
    }
  }
}

// The method's benchmark at `mib` (the first pin policy), or nullptr.
const Measurement* At(const Results& r, const std::string& method,
                      std::size_t mib) {
  auto all = r.Matching("^spawn/create/" + method +
                        "/parent_mib:" + std::to_string(mib) + "/");
  return all.empty() ? nullptr : all.front();
}
double Us(const Results& r, const std::string& method) {  // at 0 MiB
  const Measurement* m = At(r, method, 0);
  if (m == nullptr) throw MissingMeasurement(method + " at 0 MiB: not run");
  return m->Counter("us_median");
}

// µs per GiB of parent memory, fitted over every size measured.
double Slope(const Results& r, const std::string& method) {
  std::vector<double> gib, us;
  for (std::size_t mib : kSizesMib) {
    if (const Measurement* m = At(r, method, mib)) {
      gib.push_back(double(mib) / 1024);
      us.push_back(m->Counter("us_median"));
    }
  }
  if (gib.size() < 2) throw MissingMeasurement(method + ": < 2 sizes run");
  return FitLine(gib, us).slope;
}

std::map<std::string, double> Slopes(const Results& r) {
  std::map<std::string, double> out;
  for (const StartMethod& m : Methods()) {
    if (At(r, m.name, 0) == nullptr) continue;
    out[std::string(m.name) + "_us_per_gib"] = Slope(r, m.name);
    out[std::string(m.name) + "_us_at_0_mib"] = Us(r, m.name);
  }
  if (out.empty()) throw MissingMeasurement("no method was measured");
  return out;
}

Outcome ProcessCostsMore(const Results& r) {
  double fork = Us(r, "fork_exit"), spawn = Us(r, "posix_spawn"),
         thread = Us(r, "thread");
  return Judge(fork > thread && spawn > thread,
               "µs per start from the smallest parent: fork+exit " + Fmt(fork) +
                   ", posix_spawn " + Fmt(spawn) + ", thread create+join " +
                   Fmt(thread) + " (fork " + Fmt(fork / thread) +
                   "x the thread)");
}

Outcome ForkGrows(const Results& r) {
  double fork = Slope(r, "fork_exit"), spawn = Slope(r, "posix_spawn");
  return Judge(fork > 0 && fork >= kSlopeRatio * std::abs(spawn),
               "µs per GiB of parent memory: fork+exit " + Fmt(fork) +
                   ", posix_spawn " + Fmt(spawn) + " (ratio " +
                   Fmt(fork / std::max(std::abs(spawn), 1e-9)) + ")");
}

Outcome PoolAmortises(const Results& r) {
  double pool = Us(r, "pool"), fork = Us(r, "mp_fork"),
         spawn = Us(r, "mp_spawn");
  return Judge(kPoolGain * pool < std::min(fork, spawn),
               "µs per task: pre-started pool " + Fmt(pool) +
                   ", a new process per task: fork " + Fmt(fork) + ", spawn " +
                   Fmt(spawn));
}

}  // namespace

MT_SCENARIO(spawn) {
  return {.name = "spawn",
          .question =
              "what does starting a process or thread cost, and how "
              "does the parent's memory change it?",
          .register_benchmarks = Register,
          .claims =
              {
                  {"Creating a process costs more than creating a thread.",
                   "us(fork_exit) > us(thread) and us(posix_spawn) > us(thread)"
                   " at 0 MiB",
                   false, ProcessCostsMore},
                  {"fork's cost grows with the parent's memory; posix_spawn's "
                   "does not.",
                   "slope(fork_exit) > 0 and >= 10 x |slope(posix_spawn)|, "
                   "us per GiB",
                   false, ForkGrows},
                  {"A pool of started processes amortises their creation.",
                   "2 x us(pool) < min(us(mp_fork), us(mp_spawn)) at 0 MiB",
                   false, PoolAmortises},
              },
          .analyses = {{"slopes", Slopes}},
          .hunt_filter = "",
          .starts_workers = "^spawn/create/pool/"};
}

}  // namespace mt::scenarios
