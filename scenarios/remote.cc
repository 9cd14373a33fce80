// Question: how many tasks per second do worker processes get through from a
//   master serving task and result queues over TCP, against a Redis list?
// Model: the seeds' managers: a master on 127.0.0.1 with an authkey (HMAC
//   challenge), workers squaring numbers; the same through Redis lists; a
//   drill with a killed worker, a wrong authkey and malformed frames.
// Expect: big tasks cost network time; the drill loses no task.

#include "harness/bench_names.h"
#include "harness/placement.h"
#include "harness/scenario.h"
#include "scenarios/remote/checks.h"
#include "workloads/remote/remote_farm.h"

namespace mt::scenarios {
namespace {
using namespace mt::harness;
using namespace mt::workloads;
using namespace mt::scenarios::remote;

// Tasks per iteration: enough that every worker of the sweep has several.
constexpr int kBatch = 32;
// Numbers per task: one number (the seeds'), a line's worth, a file's worth
// (80 KB on the wire, what the seeds warn against sending).
constexpr int kSizes[] = {1, 100, 10000};
constexpr int kDrillTasks = 100;

// One redis-server for the whole scenario, started on first use; nullptr
// with `error` set when it will not start.
const RedisServer* Redis(std::string* error) {
  static std::string why;
  static const auto server = RedisServer::Start(kFarmAuthkey, &why);
  *error = why;
  return server.get();
}

// One iteration: a batch of tasks put, answered and checked. Placement: the
// master (this thread, and the master's threads, which it starts) or the
// Redis client is worker 0, the worker processes 1 .. n, the redis-server
// (pinned anew by every benchmark, as it is shared) n + 1.
void RunFarm(benchmark::State& s, const std::string& name, bool redis,
             int workers, int size, PinPolicy pin) {
  Placement placed(name, pin, workers + 1 + int(redis));
  const auto master = placed.PinCaller(0, redis ? "client" : "master");
  std::string error;
  std::unique_ptr<SquaresFarm> farm;
  if (!redis) {
    farm = StartMasterFarm(workers, size, &error, placed.Hook(1));
  } else if (const RedisServer* server = Redis(&error)) {
    placed.PinProcess(server->pid(), workers + 1, "redis-server");
    farm = StartRedisFarm(*server, workers, size, &error, placed.Hook(1));
  }
  if (!farm) return s.SkipWithError(("not measured: " + error).c_str());
  std::int64_t wrong = 0;
  for (auto _ : s) wrong += farm->RunBatch(kBatch);
  s.SetItemsProcessed(s.iterations() * kBatch);
  s.counters["numbers_per_second"] = benchmark::Counter(
      double(s.iterations()) * kBatch * size, benchmark::Counter::kIsRate);
  s.counters["wrong"] = double(wrong);
}

// The drill's master is this thread (worker 0), its workers 1 .. 3.
void Drill(benchmark::State& s, const std::string& name, PinPolicy pin) {
  Placement placed(name, pin, 1 + kDrillWorkers);
  const auto master = placed.PinCaller(0, "master");
  FaultReport r;
  for (auto _ : s) r = RunFaultDrill(kDrillTasks, placed.Hook(1));
  if (!r.error.empty()) return s.SkipWithError(r.error.c_str());
  for (const auto& [key, value] : r.Counts()) s.counters[key] = value;
}

void Register(const ScenarioContext& ctx) {
  const PinPolicy pin = ctx.Pin();
  for (int size : kSizes) {
    for (int workers : ctx.ThreadSweep()) {
      for (bool redis : {false, true}) {
        const std::string name =
            Name({"remote/squares", redis ? "redis" : "master",
                  Axis("workers", workers), Axis("numbers", size)});
        benchmark::RegisterBenchmark(name.c_str(),
                                     [=](benchmark::State& s) {
                                       RunFarm(s, name, redis, workers, size,
                                               pin);
                                     })
            ->UseRealTime()
            ->Unit(benchmark::kMicrosecond);
      }
    }
  }
  const std::string drill =
      Name({"remote/faults/drill", Axis("tasks", kDrillTasks)});
  benchmark::RegisterBenchmark(
      drill.c_str(), [=](benchmark::State& s) { Drill(s, drill, pin); })
      ->Iterations(1)
      ->UseRealTime()
      ->Unit(benchmark::kMillisecond);
}

}  // namespace

MT_SCENARIO(remote) {
  return {
      .name = "remote",
      .question =
          "what does a task queue served over TCP deliver, and does "
          "it survive faults?",
      .register_benchmarks = Register,
      .claims =
          {
              {"If the worker's authkey differs from the master's, it cannot "
               "connect.",
               "wrong_key_refused == 1 in the drill", false,
               [](const Results& r) { return DrillFigure(r, "auth"); }},
              {"A worker that dies mid-task loses no task: it is handed out "
               "again.",
               "drill: worker_killed == 1, requeued >= 1, lost == duplicated "
               "== wrong == 0",
               false, [](const Results& r) { return DrillFigure(r, "kill"); }},
              {"Malformed or oversized frames drop that connection; the "
               "master keeps serving.",
               "drill: probes_dropped == probes and lost == 0", false,
               [](const Results& r) { return DrillFigure(r, "frames"); }},
              {"Keep each task's description small: the queue carries it "
               "over the network.",
               "tasks/s(10000 numbers) < 0.5 x tasks/s(1 number), 1 worker",
               false,
               [](const Results& r) {
                 return MasterRatio(r, {1, 10000}, {1, 1},
                                    [](double q) { return q < 0.5; });
               }},
              {"Start more workers and the tasks are shared among them.",
               "tasks/s(PUs workers) > 1.2 x tasks/s(1 worker), 10000 numbers",
               true,
               [](const Results& r) {
                 return MasterRatio(r, {Topology::Machine().Pus(), 10000},
                                    {1, 10000},
                                    [](double q) { return q > 1.2; });
               }},
          },
      .analyses = {{"master_over_redis_tasks_per_second", MasterOverRedis}},
      .hunt_filter = "",  // no variant races on purpose
      .starts_workers = "^remote/",
  };
}

}  // namespace mt::scenarios
