// Question: how many workers should a pool have: as many as cores for
//   compute-bound work, more for work that waits?
// Model: a thread pool, a process pool and std::async run compute-bound,
//   waiting (I/O-like) and mixed tasks, pool size swept from 1 to 4 x PUs
//   (waiting tasks: to 128 or 8 x PUs), the client keeping every worker busy.
// Expect: compute-bound throughput stops rising at the core count; waiting
//   tasks scale far past it, as Goetz's N = N_cpu (1 + W/C) predicts.
#include <algorithm>
#include <future>
#include <string>

#include "harness/bench_names.h"
#include "harness/placement.h"
#include "harness/scenario.h"
#include "scenarios/pool/bench.h"
#include "scenarios/pool/checks.h"
#include "workloads/compute/compute.h"
#include "workloads/io/blocking_wait.h"
#include "workloads/pools/process_pool.h"
#include "workloads/pools/thread_pool.h"

namespace mt::scenarios {
namespace {
using namespace mt::harness;
using namespace mt::workloads;
using namespace mt::scenarios::pool;

// 100 µs of compute per task: long enough that a pool's per-task cost (a few
// µs) does not dominate, short enough for thousands of tasks a second.
constexpr double kComputeUs = 100;
// I/O-bound tasks wait 1 ms (a disk or LAN round trip); mixed tasks wait as
// long as they compute, a set W/C of 1 (plus the kernel's timer slack).
constexpr std::chrono::microseconds kIoWait(1000), kMixedWait(100);
// ComputeSeries steps for kComputeUs here; set before any pool forks, so
// worker processes inherit it.
std::uint64_t g_steps = 0;

// Tasks are plain functions, so a worker process finds them at the same
// address; each returns its end time for the latency figures.
std::uint64_t Compute(std::uint64_t) {
  benchmark::DoNotOptimize(ComputeSeries(g_steps));
  return MonotonicNs();
}
std::uint64_t Io(std::uint64_t) {
  BlockingWait(kIoWait);
  return MonotonicNs();
}
std::uint64_t Mixed(std::uint64_t) {
  benchmark::DoNotOptimize(ComputeSeries(g_steps));
  BlockingWait(kMixedWait);
  return MonotonicNs();
}

struct Kind {
  std::string name;
  ProcessTask task;
  int max_size;
};
std::vector<Kind> Kinds(int pus) {
  return {{"compute", Compute, 4 * pus},
          {"io", Io, std::max(128, 8 * pus)},
          {"mixed", Mixed, 4 * pus}};
}
const char* const kPools[] = {"thread", "process", "async"};

void Add(const std::string& name, std::function<void(benchmark::State&)> fn) {
  benchmark::RegisterBenchmark(name.c_str(), std::move(fn))->UseRealTime();
}

// Pools get 2 tasks in flight per worker, so none idles while the client
// collects a result; std::async gets one per thread it starts (its "size").
// Every worker is pinned by the run's policy as it starts and recorded; the
// client (the benchmark thread) mostly waits and stays unpinned. std::async
// starts a thread per task: each pins itself as worker (task % size) first,
// a few µs against the thread's own start.
void Register(const ScenarioContext& ctx) {
  g_steps = ComputeStepsFor(kComputeUs);
  const int pus = ctx.Pus();
  const PinPolicy pin = ctx.Pin();
  for (const Kind& k : Kinds(pus)) {
    ProcessTask task = k.task;
    Add(Name({"pool", k.name, "inline"}), [task](benchmark::State& s) {
      RunInline(s, [task] { task(0); });  // W and C for Goetz's rule
    });
    for (int n : PoolSizes(*ctx.topology, k.max_size)) {
      auto name = [&](const char* pool) {
        return Name({"pool", k.name, pool, Axis("size", n)});
      };
      const std::string thread_name = name("thread");
      Add(thread_name, [=](benchmark::State& s) {
        Placement placed(thread_name, pin, n);
        ThreadPool pool(n, placed.Hook());
        RunClosedLoop(
            s, 2 * n, [&] { return pool.ApplyAsync([=] { return task(0); }); },
            {}, pus);
      });
      const std::string process_name = name("process");
      Add(process_name, [=](benchmark::State& s) {
        Placement placed(process_name, pin, n);
        ProcessPool pool(n, placed.Hook());
        RunClosedLoop(
            s, 2 * n, [&] { return pool.ApplyAsync(task, 0); }, pool.pids(),
            pus);
      });
      const std::string async_name = name("async");
      Add(async_name, [=](benchmark::State& s) {
        Placement placed(async_name, pin, n);
        const OnWorkerStart hook = placed.Hook();
        int next = 0;
        RunClosedLoop(
            s, n,
            [&] {
              return std::async(std::launch::async,
                                [&hook, task, n, w = next++ % n] {
                                  hook(w, n);
                                  return task(0);
                                });
            },
            {}, pus);
      });
    }
  }
}

// Best size, Goetz's N and the USL fit side by side, per task kind and pool.
std::vector<Analysis> Analyses() {
  std::vector<Analysis> out;
  for (const Kind& k : Kinds(1)) {
    for (std::string pool : kPools) {
      const std::string prefix = "pool/" + k.name + "/";
      out.push_back({k.name + "/" + pool, [prefix, pool](const Results& r) {
                       return AnalysePoolSizes(r, prefix + pool + "/",
                                               prefix + "inline/real_time",
                                               Topology::Machine().Pus());
                     }});
    }
  }
  return out;
}

}  // namespace

MT_SCENARIO(pool) {
  return {
      .name = "pool",
      .question =
          "how many workers should a pool have for compute, I/O, mixed?",
      .register_benchmarks = Register,
      .claims =
          {{"For compute-bound work the best pool size is the number of "
            "cores.",
            "knee (smallest size within 5% of the best tasks/s) within "
            "one sweep step of the core count, thread and process pools",
            true, ComputeBestAtCores},
           {"For I/O-bound work, more workers than cores raise throughput.",
            "max tasks/s(size > cores) > 1.5 x tasks/s(size = cores), "
            "thread and process pools",
            false, IoWantsMoreWorkers}},
      .analyses = Analyses(),
      .hunt_filter = "",  // no benchmark races on purpose
      .starts_workers = "^pool/[a-z]+/(thread|process|async)/",
  };
}

}  // namespace mt::scenarios
