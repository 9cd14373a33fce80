// The pool-size sweep, the closed measuring loop and the size analysis.
#include "scenarios/pool/bench.h"

#include <time.h>

#include <algorithm>
#include <cmath>
#include <deque>
#include <fstream>
#include <regex>
#include <set>
#include <sstream>

#include "harness/usl.h"
#include "workloads/compute/compute.h"

namespace mt::scenarios::pool {
using namespace mt::harness;
namespace {

double Seconds(clockid_t clock) {
  timespec t{};
  if (clock_gettime(clock, &t) != 0) return 0;  // a worker already gone
  return static_cast<double>(t.tv_sec) + 1e-9 * static_cast<double>(t.tv_nsec);
}

// CPU seconds of this process (all its threads) and of `workers`.
double CpuSeconds(const std::vector<pid_t>& workers) {
  double total = Seconds(CLOCK_PROCESS_CPUTIME_ID);
  for (pid_t pid : workers) {
    clockid_t clock;
    if (clock_getcpuclockid(pid, &clock) == 0) total += Seconds(clock);
  }
  return total;
}

double Percentile(std::vector<double>& values, double fraction) {
  if (values.empty()) return 0;
  const auto at = static_cast<std::ptrdiff_t>(
      fraction * static_cast<double>(values.size() - 1));
  std::nth_element(values.begin(), values.begin() + at, values.end());
  return values[static_cast<std::size_t>(at)];
}

// Nanoseconds this thread has waited on a run queue; 0 when unknown.
double RunQueueNs() {
  std::ifstream in("/proc/thread-self/schedstat");
  double on_cpu = 0, waiting = 0;
  return in >> on_cpu >> waiting ? waiting : 0;
}

}  // namespace

std::vector<int> PoolSizes(const Topology& topology, int max) {
  std::set<int> sizes;
  for (int n = 1; n <= max; n *= 2) sizes.insert(n);
  for (int n : {topology.Cores(), topology.Pus(), 2 * topology.Pus(),
                3 * topology.Pus(), 4 * topology.Pus()}) {
    if (n >= 1 && n <= max) sizes.insert(n);
  }
  return {sizes.begin(), sizes.end()};
}

std::uint64_t MonotonicNs() {
  timespec t{};
  clock_gettime(CLOCK_MONOTONIC, &t);
  return static_cast<std::uint64_t>(t.tv_sec) * 1'000'000'000ULL +
         static_cast<std::uint64_t>(t.tv_nsec);
}

std::uint64_t ComputeStepsFor(double us) {
  constexpr std::uint64_t kProbe = 20'000;  // ~40 µs: a probe, not a load
  double best_ns = INFINITY;
  for (int i = 0; i < 5; ++i) {
    const std::uint64_t t0 = MonotonicNs();
    benchmark::DoNotOptimize(workloads::ComputeSeries(kProbe));
    best_ns = std::min(best_ns, static_cast<double>(MonotonicNs() - t0));
  }
  return std::max<std::uint64_t>(
      1, static_cast<std::uint64_t>(us * 1e3 / best_ns * kProbe));
}

void RunInline(benchmark::State& state, const std::function<void()>& task) {
  const double cpu0 = Seconds(CLOCK_THREAD_CPUTIME_ID);
  const double runq0 = RunQueueNs();
  for (auto _ : state) task();
  const double tasks = static_cast<double>(state.iterations());
  state.counters["c_us"] =
      (Seconds(CLOCK_THREAD_CPUTIME_ID) - cpu0) * 1e6 / tasks;
  state.counters["runq_us"] = (RunQueueNs() - runq0) / 1e3 / tasks;
}

void RunClosedLoop(benchmark::State& state, int window,
                   const SubmitTask& submit, const std::vector<pid_t>& workers,
                   int pus) {
  std::deque<std::pair<std::uint64_t, std::future<std::uint64_t>>> in_flight;
  // Warm-up, untimed: one window of tasks, so every worker has started (a
  // forked one has faulted in its pages) before the clock runs.
  try {
    std::vector<std::future<std::uint64_t>> warm_up;
    for (int i = 0; i < window; ++i) warm_up.push_back(submit());
    for (auto& f : warm_up) f.get();
  } catch (const std::exception& e) {
    state.SkipWithError(e.what());
    return;
  }
  std::vector<double> latency_us;
  // One entry per task; capped so a huge iteration count cannot reserve GBs.
  latency_us.reserve(static_cast<std::size_t>(
      std::min<benchmark::IterationCount>(state.max_iterations, 1 << 22)));
  const double cpu0 = CpuSeconds(workers);
  const std::uint64_t wall0 = MonotonicNs();
  try {
    for (auto _ : state) {
      while (in_flight.size() < static_cast<std::size_t>(window)) {
        const std::uint64_t submitted = MonotonicNs();
        in_flight.emplace_back(submitted, submit());
      }
      auto [submitted, done] = std::move(in_flight.front());
      in_flight.pop_front();
      latency_us.push_back(static_cast<double>(done.get() - submitted) / 1e3);
    }
  } catch (const std::exception& e) {
    state.SkipWithError(e.what());
  }
  const double cpu = CpuSeconds(workers) - cpu0;
  const double wall = static_cast<double>(MonotonicNs() - wall0) / 1e9;
  for (auto& [submitted, done] : in_flight) done.wait();  // untimed drain
  state.SetItemsProcessed(state.iterations());
  state.counters["p50_us"] = Percentile(latency_us, 0.50);
  state.counters["p99_us"] = Percentile(latency_us, 0.99);
  state.counters["cpu_util"] = wall > 0 ? cpu / wall / pus : 0;
}

SizeCurve CurveBySize(const Results& results, const std::string& prefix) {
  const std::regex size_re("size:([0-9]+)");
  SizeCurve curve;
  for (const Measurement* m : results.Matching("^" + prefix + "size:")) {
    std::smatch match;
    if (!std::regex_search(m->name, match, size_re)) continue;
    curve.push_back({std::stoi(match[1]), m->Counter("items_per_second"),
                     m->Counter("cpu_util")});
  }
  std::sort(
      curve.begin(), curve.end(),
      [](const SizePoint& a, const SizePoint& b) { return a.size < b.size; });
  if (curve.empty()) throw MissingMeasurement(prefix + "size:* not measured");
  return curve;
}

std::size_t StepOf(const SizeCurve& curve, int size) {
  for (std::size_t i = 0; i < curve.size(); ++i) {
    if (curve[i].size == size) return i;
  }
  throw MissingMeasurement("size " + std::to_string(size) + " not measured");
}

std::string Describe(const SizeCurve& curve) {
  std::string out;
  for (const SizePoint& p : curve) {
    out += " " + std::to_string(p.size) + ":" + Fmt(p.tasks_per_s);
  }
  return out;
}

std::string UnfairComparison(const SizeCurve& curve, int from_size,
                             double min_util) {
  for (const SizePoint& p : curve) {
    if (p.size < from_size || p.cpu_util >= min_util) continue;
    std::ostringstream why;
    why.precision(2);
    why << "at size " << p.size << " the pool kept only " << p.cpu_util
        << " of the PUs busy (needs " << min_util
        << "): other load on the machine";
    return why.str();
  }
  return "";
}

double GainBeyond(const SizeCurve& curve, int size) {
  double beyond = 0;
  for (const SizePoint& p : curve) {
    if (p.size > size) beyond = std::max(beyond, p.tasks_per_s);
  }
  return beyond / curve[StepOf(curve, size)].tasks_per_s;
}

int KneeSize(const SizeCurve& curve, double tolerance) {
  double best = 0;
  for (const SizePoint& p : curve) best = std::max(best, p.tasks_per_s);
  for (const SizePoint& p : curve) {
    if (p.tasks_per_s >= (1 - tolerance) * best) return p.size;
  }
  return curve.empty() ? 0 : curve.back().size;
}

std::map<std::string, double> AnalysePoolSizes(const Results& results,
                                               const std::string& prefix,
                                               const std::string& inline_name,
                                               int pus) {
  const SizeCurve curve = CurveBySize(results, prefix);
  std::map<std::string, double> out;
  const auto best = std::max_element(
      curve.begin(), curve.end(), [](const SizePoint& a, const SizePoint& b) {
        return a.tasks_per_s < b.tasks_per_s;
      });
  out["best_size"] = best->size;
  out["best_tasks_per_s"] = best->tasks_per_s;
  out["knee_size"] = KneeSize(curve);

  const Measurement& alone = results.Get(inline_name);
  const double c_us = alone.Counter("c_us");
  const double w_us =
      std::max(0.0, alone.real_ns / 1e3 - c_us - alone.Counter("runq_us"));
  out["c_us"] = c_us;
  out["w_us"] = w_us;
  out["runq_us"] = alone.Counter("runq_us");
  out["goetz_n"] = pus * (1 + w_us / std::max(c_us, 1e-3));

  std::vector<double> n, x;
  for (const SizePoint& p : curve) {
    if (p.tasks_per_s <= 0) continue;
    n.push_back(p.size);
    x.push_back(p.tasks_per_s);
  }
  if (n.size() < 3) throw MissingMeasurement(prefix + ": < 3 sizes to fit");
  const UslFit fit = FitUsl(n, x);
  out["usl_sigma"] = fit.sigma;
  out["usl_kappa"] = fit.kappa;
  out["usl_rms_err"] = fit.rms_relative_error;
  if (auto peak = fit.PeakN()) out["usl_peak_n"] = *peak;
  return out;
}

}  // namespace mt::scenarios::pool
