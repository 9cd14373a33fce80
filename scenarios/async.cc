// Question: serving N concurrent I/O-bound tasks, what do one thread with
//   epoll, one thread per task and a fixed pool of threads deliver, and what
//   resident memory does each need?
// Model: N = 100, 1,000, 10,000 tasks, each 4 request/echo rounds over its
//   own socket pair with a peer that echoes after 1 ms; the server model in
//   a child process (its memory alone), the peer in the benchmark process.
// Expect: epoll keeps all N in flight on one thread and little memory;
//   thread-per-task keeps them in flight at a stack per task; the pool
//   serves only as many at a time as it has threads.
#include <chrono>

#include "harness/bench_names.h"
#include "harness/placement.h"
#include "harness/scenario.h"
#include "workloads/io/echo_experiment.h"

namespace mt::scenarios {
namespace {
using namespace mt::harness;
using namespace mt::workloads;
using Clock = std::chrono::steady_clock;

constexpr int kTaskCounts[] = {100, 1000, 10000};
constexpr int kClaimTasks = 1000;  // measurable everywhere (2,000 fds)

// One iteration serves every task to its end. Timed (manual time) from "go"
// to the last echo; the set-up (socket pairs, fork, threads created) is
// reported apart as setup_ms. Memory is the server child's, beyond what it
// inherited at fork. Placement: the peer (this thread) is worker 0; the
// server process gets the PUs of workers 1 .. PUs - 1 (one process per core
// beside the peer; the peer's PU too on one PU), and its threads inherit it.
void Run(benchmark::State& s, const std::string& name, ServeModel model,
         int tasks, EchoConfig c, PinPolicy pin) {
  const int pus = Topology::Machine().Pus(), first = pus > 1 ? 1 : 0;
  Placement placed(name, pin,
                   {Placement::PusOf(pin, 0, 1, pus),
                    Placement::PusOf(pin, first, pus - first, pus)});
  const auto peer = placed.PinCaller(0, "peer");
  double setup_s = 0, peak_kib = 0, started_kib = 0;
  std::int64_t rounds = 0, bad = 0, threads = 0;
  std::string error;
  for (auto _ : s) {
    const auto t0 = Clock::now();
    EchoExperiment e(model, tasks, c, placed.Hook(1, "server"));
    const auto t1 = Clock::now();
    if (!(error = e.error()).empty()) break;
    e.Run();
    const auto t2 = Clock::now();
    const ExperimentReport r = e.Finish();
    if (!(error = r.error).empty()) break;
    s.SetIterationTime(std::chrono::duration<double>(t2 - t1).count());
    setup_s += std::chrono::duration<double>(t1 - t0).count();
    peak_kib += double(r.hwm_kib - r.rss_at_fork_kib);
    started_kib += double(r.rss_started_kib - r.rss_at_fork_kib);
    rounds += r.serve.rounds_done;
    bad += r.serve.bad_echoes;
    threads = r.serve.threads;
  }
  if (!error.empty())
    return s.SkipWithError(("not measurable: " + error).c_str());
  const double runs = double(s.iterations());
  s.SetItemsProcessed(rounds);  // items_per_second: rounds per second
  s.counters["setup_ms"] = 1e3 * setup_s / runs;
  s.counters["peak_rss_kib"] = peak_kib / runs;
  s.counters["started_rss_kib"] = started_kib / runs;
  s.counters["rss_kib_per_task"] = peak_kib / runs / tasks;
  s.counters["server_threads"] = double(threads);  // "threads" is GB's own
  s.counters["bad_echoes"] = double(bad);
  s.counters["unfinished_rounds"] = runs * tasks * c.rounds - double(rounds);
}

void Register(const ScenarioContext& ctx) {
  EchoConfig c;  // 4 rounds, 1 ms echo delay, 64 KiB thread stacks
  // I/O-bound work wants more threads than PUs (the seeds, and `pool`):
  // four per PU, so the pool's limit shows against 100+ tasks.
  c.pool_threads = 4 * ctx.Pus();
  const std::string stack = Axis("stack_kib", long(c.thread_stack_bytes >> 10));
  const std::string pool = Axis("threads", c.pool_threads);
  for (int tasks : kTaskCounts) {
    const std::string n = Axis("tasks", tasks);
    const std::pair<std::string, ServeModel> variants[] = {
        {Name({"async/echo/epoll", n}), ServeModel::kEpoll},
        {Name({"async/echo/thread_per_task", stack, n}),
         ServeModel::kThreadPerTask},
        {Name({"async/echo/fixed_pool", pool, n}), ServeModel::kFixedPool}};
    for (const auto& variant : variants) {
      const std::string name = variant.first;
      const ServeModel model = variant.second;
      const PinPolicy pin = ctx.Pin();
      benchmark::RegisterBenchmark(
          name.c_str(),
          [=](benchmark::State& s) { Run(s, name, model, tasks, c, pin); })
          ->UseManualTime()
          ->Unit(benchmark::kMillisecond);
    }
  }
}

const Measurement& At(const Results& r, const std::string& variant, int tasks) {
  return r.First("^async/echo/" + variant + "/(.*/)?" + Axis("tasks", tasks) +
                 "/");
}

// a's `key` over b's, quoted with both.
Outcome Ratio(const Results& r, const std::string& key, const char* a,
              const char* b, bool holds(double)) {
  const double x = At(r, a, kClaimTasks).Counter(key);
  const double y = At(r, b, kClaimTasks).Counter(key);
  return Judge(holds(x / y), key + " at " + Axis("tasks", kClaimTasks) + ": " +
                                 a + " " + Fmt(x) + ", " + b + " " + Fmt(y) +
                                 " (ratio " + Fmt(x / y) + ")");
}

}  // namespace

MT_SCENARIO(async) {
  return {
      .name = "async",
      .question =
          "one thread with epoll, a thread per task, or a pool: "
          "throughput and memory for N I/O-bound tasks",
      .register_benchmarks = Register,
      .claims =
          {
              {"With asynchronous I/O one thread serves many tasks "
               "efficiently (the event-driven model of Nginx).",
               "rounds/s(epoll) >= 0.5 x rounds/s(thread_per_task), 1000 tasks",
               false,
               [](const Results& r) {
                 return Ratio(r, "items_per_second", "epoll", "thread_per_task",
                              [](double q) { return q >= 0.5; });
               }},
              {"Thousands of threads cost memory: each has its own stack.",
               "rss_kib_per_task(thread_per_task) > 4 x (epoll), 1000 tasks",
               false,
               [](const Results& r) {
                 return Ratio(r, "rss_kib_per_task", "thread_per_task", "epoll",
                              [](double q) { return q > 4; });
               }},
              {"I/O-bound work wants more tasks in flight than a small pool "
               "of threads allows.",
               "rounds/s(fixed_pool) < 0.5 x rounds/s(epoll), 1000 tasks",
               false,
               [](const Results& r) {
                 return Ratio(r, "items_per_second", "fixed_pool", "epoll",
                              [](double q) { return q < 0.5; });
               }},
          },
      .analyses = {},
      .hunt_filter = "",  // no variant races on purpose
      .starts_workers = "^async/echo/",
  };
}

}  // namespace mt::scenarios
