// Question: how many tasks per second do worker processes get through from a
//   master serving task and result queues over TCP, against a Redis list?
// Model: the seeds' managers: a master on 127.0.0.1 with an authkey (HMAC
//   challenge), workers squaring numbers; the same through Redis lists; a
//   drill with a killed worker, a wrong authkey and malformed frames.
// Expect: big tasks cost network time; the drill loses no task.

#include "harness/bench_names.h"
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

using FarmStarter = std::unique_ptr<SquaresFarm> (*)(int workers, int numbers,
                                                     std::string* error);

// One redis-server for the whole scenario, started on first use.
std::unique_ptr<SquaresFarm> StartRedis(int workers, int numbers,
                                        std::string* error) {
  static std::string why;
  static const auto server = RedisServer::Start(kFarmAuthkey, &why);
  *error = why;
  return server ? StartRedisFarm(*server, workers, numbers, error) : nullptr;
}

// One iteration: a batch of tasks put, answered and checked.
void RunFarm(benchmark::State& s, FarmStarter start, int workers, int size) {
  std::string error;
  std::unique_ptr<SquaresFarm> farm = start(workers, size, &error);
  if (!farm) return s.SkipWithError(("not measured: " + error).c_str());
  std::int64_t wrong = 0;
  for (auto _ : s) wrong += farm->RunBatch(kBatch);
  s.SetItemsProcessed(s.iterations() * kBatch);
  s.counters["numbers_per_second"] = benchmark::Counter(
      double(s.iterations()) * kBatch * size, benchmark::Counter::kIsRate);
  s.counters["wrong"] = double(wrong);
}

void Drill(benchmark::State& s) {
  FaultReport r;
  for (auto _ : s) r = RunFaultDrill(kDrillTasks);
  if (!r.error.empty()) return s.SkipWithError(r.error.c_str());
  for (const auto& [key, value] : r.Counts()) s.counters[key] = value;
}

void Register(const ScenarioContext& ctx) {
  for (int size : kSizes) {
    for (int workers : ctx.ThreadSweep()) {
      for (const auto& backend :
           {std::pair{"master", &StartMasterFarm}, {"redis", &StartRedis}}) {
        const FarmStarter start = backend.second;
        benchmark::RegisterBenchmark(
            Name({"remote/squares", backend.first, Axis("workers", workers),
                  Axis("numbers", size)})
                .c_str(),
            [=](benchmark::State& s) { RunFarm(s, start, workers, size); })
            ->UseRealTime()
            ->Unit(benchmark::kMicrosecond);
      }
    }
  }
  benchmark::RegisterBenchmark(
      Name({"remote/faults/drill", Axis("tasks", kDrillTasks)}).c_str(), Drill)
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
  };
}

}  // namespace mt::scenarios
