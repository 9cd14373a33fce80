// The gil scenario's claims and analyses over its own results.
#include "scenarios/gil/checks.h"

#include <algorithm>
#include <functional>
#include <map>

#include "harness/topology.h"
#include "scenarios/gil/cpython.h"

namespace mt::scenarios::gil {

using harness::Analysis;
using harness::Fmt;
using harness::Judge;
using harness::Measurement;
using harness::MissingMeasurement;
using harness::NotMeasurable;
using harness::Outcome;
using harness::Results;
using harness::Topology;

namespace {

using Figures = std::map<std::string, double>;

int Pus() { return Topology::Machine().Pus(); }
std::string Str(int n) { return std::to_string(n); }

const Measurement& Cpu(const Results& r, const std::string& family, int n) {
  return r.First("^" + family + "/workers:" + Str(n) + "/");
}

// Scaling verdicts need the free-threaded control to scale in this run.
void RequireControlScales(const Results& r, int workers) {
  const double none = CpuSpeedup(r, "gil/cpu/none", workers);
  if (none < 0.8 * workers) {
    throw harness::CannotJudge("the none control reached only " + Fmt(none) +
                             "x on " + Str(workers) + " threads");
  }
}

std::string Latency(const Measurement& m) {
  return "p50 " + Fmt(m.Counter("io_p50_us") / 1000) + " ms, p99 " +
         Fmt(m.Counter("io_p99_us") / 1000) + " ms (" +
         Fmt(m.Counter("io_samples")) + " waits)";
}

// One CPython row: the emulator's figure, CPython's, and their ratio.
Analysis SideBySide(
    const std::string& name,
    const std::function<double(const Results&, bool cpython)>& fig) {
  return {name, [fig](const Results& r) -> Figures {
            std::string why;
            if (!FindPython(&why)) throw MissingMeasurement(why);
            const double ours = fig(r, false), theirs = fig(r, true);
            return {{"emulator", ours},
                    {"cpython", theirs},
                    {"cpython_over_emulator", theirs / ours}};
          }};
}

Figures Scaling(const Results& r) {
  Figures f;
  for (const char* p : {"tick", "interval", "none", "per_process"}) {
    const std::string family = "gil/cpu/" + std::string(p);
    for (int n : Topology::Machine().ThreadSweep()) {
      const std::string at = std::string(p) + "_" + Str(n);
      const Measurement& m = Cpu(r, family, n);
      f["speedup_" + at] = CpuSpeedup(r, family, n);
      f["cpu_util_" + at] = m.Counter("cpu_util");
      f["switches_per_s_" + at] = m.Counter("switches_per_s");
      f["forced_drops_per_s_" + at] = m.Counter("forced_drops_per_s");
    }
  }
  return f;
}

Figures Latencies(const Results& r) {
  Figures f;
  auto add = [&](const std::string& p, int n, int us) {
    const Measurement& m = IoLatency(r, "gil/io_latency/" + p, n, us);
    const std::string at = p + "_" + Str(n) + "_at_" + Str(us) + "us_";
    f[at + "p50_ms"] = m.Counter("io_p50_us") / 1000;
    f[at + "p99_ms"] = m.Counter("io_p99_us") / 1000;
  };
  std::vector<int> competitors = Topology::Machine().ThreadSweep();
  competitors.insert(competitors.begin(), 0);
  for (const char* p : {"tick", "interval", "none"}) {
    for (int n : competitors) add(p, n, kSwitchUs);
  }
  for (int us : kIntervalsUs) add("interval", 1, us);
  return f;
}

}  // namespace

double CpuSpeedup(const Results& r, const std::string& family, int workers) {
  return Cpu(r, family, 1).Counter("work_s") /
         Cpu(r, family, workers).Counter("work_s");
}

double CpuUtil(const Results& r, const std::string& family, int workers) {
  return Cpu(r, family, workers).Counter("cpu_util");
}

const Measurement& IoLatency(const Results& r, const std::string& family,
                             int cpu_threads, int interval_us) {
  return r.First("^" + family + "/cpu_threads:" + Str(cpu_threads) +
                 "/interval_us:" + Str(interval_us) + "/");
}

Outcome ThreadsDoNotScale(const Results& r) {
  if (Pus() < 2) return NotMeasurable("one PU: nothing runs in parallel");
  RequireControlScales(r, 2);
  const double tick = CpuSpeedup(r, "gil/cpu/tick", 2),
               interval = CpuSpeedup(r, "gil/cpu/interval", 2);
  return Judge(tick <= 1.1 && interval <= 1.1,
               "speedup on 2 threads: tick " + Fmt(tick) + "x, interval " +
                   Fmt(interval) + "x, none " +
                   Fmt(CpuSpeedup(r, "gil/cpu/none", 2)) + "x (control)");
}

Outcome ProcessesScale(const Results& r) {
  RequireControlScales(r, Pus());
  const double procs = CpuSpeedup(r, "gil/cpu/per_process", Pus());
  return Judge(procs >= 0.8 * Pus(),
               "speedup on " + Str(Pus()) + " processes: " + Fmt(procs) +
                   "x, threads under interval " +
                   Fmt(CpuSpeedup(r, "gil/cpu/interval", Pus())) + "x");
}

Outcome SpinnersUseOnePu(const Results& r) {
  RequireControlScales(r, Pus());  // free threads must be able to fill it
  const double util = CpuUtil(r, "gil/cpu/interval", Pus()), one = 1.0 / Pus();
  return Judge(util >= 0.5 * one && util <= 1.25 * one,
               "CPU use of " + Str(Pus()) + " threads: interval " +
                   Fmt(100 * util) + "%, tick " +
                   Fmt(100 * CpuUtil(r, "gil/cpu/tick", Pus())) + "%, none " +
                   Fmt(100 * CpuUtil(r, "gil/cpu/none", Pus())) +
                   "% of the machine (1/PUs = " + Fmt(100 * one) + "%)");
}

Outcome IntervalBoundsLatency(const Results& r) {
  bool bounded = true;
  std::string numbers = "against 1 CPU-bound thread: ";
  for (int us : kIntervalsUs) {
    const Measurement& m = IoLatency(r, "gil/io_latency/interval", 1, us);
    bounded &= m.Counter("io_p99_us") <= 1.5 * us + 1000;
    numbers += "interval " + Fmt(us / 1000.0) + " ms: " + Latency(m) + "; ";
  }
  return Judge(bounded, numbers);
}

Outcome TickDoesNotBound(const Results& r) {
  const Measurement& tick = IoLatency(r, "gil/io_latency/tick", 1, kSwitchUs);
  return Judge(
      tick.Counter("io_p99_us") > 1.5 * kSwitchUs + 1000,
      "against 1 CPU-bound thread: tick " + Latency(tick) + "; interval " +
          Latency(IoLatency(r, "gil/io_latency/interval", 1, kSwitchUs)));
}

Outcome HandoffIsCheap(const Results& r) {
  const Measurement& m = r.First("^gil/handoff/rounds/");
  const double gil = m.Counter("gil_ns_min"),
               condvar = m.Counter("condvar_ns_min"),
               futex = m.Counter("futex_ns_min");
  const double bare = std::min(condvar, futex);
  return Judge(gil <= 2 * bare,
               "least per handoff over rotating rounds: emulator " +
                   Fmt(gil / 1000) + " us, condvar " + Fmt(condvar / 1000) +
                   " us, futex " + Fmt(futex / 1000) + " us (" +
                   Fmt(gil / bare) + "x the faster)");
}

std::vector<Analysis> Analyses() {
  auto latency = [](const char* counter) {
    return [counter](const Results& r, bool py) {
      return IoLatency(
                 r, py ? "gil/cpython/io_latency" : "gil/io_latency/interval",
                 1, kSwitchUs)
                 .Counter(counter) /
             1000;
    };
  };
  return {
      {"scaling", Scaling},
      {"io_latency", Latencies},
      SideBySide("cpython_speedup_2_threads",
                 [](const Results& r, bool py) {
                   return CpuSpeedup(
                       r, py ? "gil/cpython/cpu/threads" : "gil/cpu/interval",
                       2);
                 }),
      SideBySide("cpython_speedup_pus_processes",
                 [](const Results& r, bool py) {
                   return CpuSpeedup(
                       r,
                       py ? "gil/cpython/cpu/processes" : "gil/cpu/per_process",
                       Pus());
                 }),
      SideBySide("cpython_cpu_util_pus_threads",
                 [](const Results& r, bool py) {
                   return CpuUtil(
                       r, py ? "gil/cpython/cpu/threads" : "gil/cpu/interval",
                       Pus());
                 }),
      SideBySide("cpython_io_p50_ms", latency("io_p50_us")),
      SideBySide("cpython_io_p99_ms", latency("io_p99_us"))};
}

}  // namespace mt::scenarios::gil
