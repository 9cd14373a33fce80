// Question: what does a worker crashing with SIGSEGV cost a pool of worker
//   processes, and a pool of worker threads?
// Model: W workers compute 64 tasks; the one handling task 16 writes through
//   a null pointer. Processes: the master reaps it, retries or fails the
//   task, forks a replacement. Threads: the crash kills the pool's process;
//   the parent that forked it sees the signal and restarts it.
// Expect: the process master survives and loses no task with retry; the
//   thread pool's process dies with every task it had not finished.
#include <chrono>

#include "harness/bench_names.h"
#include "harness/placement.h"
#include "harness/scenario.h"
#include "scenarios/isolation/checks.h"
#include "workloads/pools/crash_pool.h"

namespace mt::scenarios {
namespace {
using namespace mt::harness;
using namespace mt::workloads;
using Clock = std::chrono::steady_clock;

using isolation::kTasks;
constexpr int kCrashTask = kTasks / 4;  // early: most of the batch is left
// About 0.2 ms a task (ComputeSeries is ~1 ns a step): the crash lands
// while the other workers are mid-task.
constexpr std::uint64_t kSteps = 200000;

enum class Pool { kProcesses, kThreads };
struct Variant {
  const char* name;
  Pool pool;
  CrashPolicy policy;
  bool crash;
};
constexpr Variant kVariants[] = {
    {"crash/process_pool/retry", Pool::kProcesses, CrashPolicy::kRetry, true},
    {"crash/process_pool/report_failed", Pool::kProcesses,
     CrashPolicy::kReportFailed, true},
    {"crash/thread_pool/restart_process", Pool::kThreads, CrashPolicy::kRetry,
     true},
    {"no_crash/process_pool", Pool::kProcesses, CrashPolicy::kRetry, false},
    {"no_crash/thread_pool", Pool::kThreads, CrashPolicy::kRetry, false}};

// One iteration is one batch of kTasks, with or without the crash; recovery
// is timed from the crash seen to the pool whole again, task accounted for.
// Every worker (process, or thread of the pool's process) pins itself as it
// starts, a replacement as the one it replaces; the master (this thread)
// mostly waits and stays unpinned.
void Run(benchmark::State& s, const std::string& name, const Variant& v,
         int workers, PinPolicy pin) {
  Placement placed(name, pin, workers);
  Clock::time_point seen;
  double recovery_ns = 0;
  CrashRunOptions o{.workers = workers,
                    .tasks = kTasks,
                    .crash_task = v.crash ? kCrashTask : -1,
                    .steps = kSteps,
                    .policy = v.policy,
                    .on_event =
                        [&](CrashEvent e) {
                          if (e == CrashEvent::kCrashObserved)
                            seen = Clock::now();
                          if (e == CrashEvent::kRecovered)
                            recovery_ns +=
                                double((Clock::now() - seen).count());
                        },
                    .on_worker_start = placed.Hook()};
  CrashReport sum;
  for (auto _ : s) {
    CrashReport r =
        v.pool == Pool::kThreads ? RunThreadPoolInChild(o) : RunProcessPool(o);
    if (!r.error.empty()) return s.SkipWithError(r.error.c_str());
    sum.done += r.done;
    sum.failed += r.failed;
    sum.lost += r.lost;
    sum.crashes += r.crashes;
    sum.unfinished_at_crash += r.unfinished_at_crash;
    sum.crash_signal = r.crash_signal;
  }
  const double runs = double(s.iterations());
  s.SetItemsProcessed(s.iterations() * kTasks);
  s.counters["recovery_ms"] = recovery_ns / 1e6 / runs;
  for (auto [key, total] : {std::pair{"tasks_done", sum.done},
                            {"tasks_failed", sum.failed},
                            {"tasks_lost", sum.lost},
                            {"crashes", sum.crashes},
                            {"unfinished_at_crash", sum.unfinished_at_crash}})
    s.counters[key] = double(total) / runs;  // per batch
  s.counters["crash_signal"] = sum.crash_signal;
}

void Register(const ScenarioContext& ctx) {
  const int workers = std::max(2, ctx.Pus());
  const std::string w = Axis("workers", workers);
  const PinPolicy pin = ctx.Pin();
  for (const Variant& v : kVariants) {
    const std::string name = Name({"isolation", v.name, w});
    benchmark::RegisterBenchmark(
        name.c_str(),
        [=](benchmark::State& s) { Run(s, name, v, workers, pin); })
        ->UseRealTime()
        ->Unit(benchmark::kMillisecond);
  }
}

}  // namespace

MT_SCENARIO(isolation) {
  return {
      .name = "isolation",
      .question =
          "does a crashing worker take down a process pool, and a "
          "thread pool?",
      .register_benchmarks = Register,
      .claims =
          {
              {"A child process that crashes does not affect the master or "
               "the other children.",
               "process_pool/retry: crash_signal == SIGSEGV, crashes == 1, "
               "tasks_done == 64, tasks_lost == 0 per batch",
               false, isolation::RetryLosesNothing},
              {"The master may instead report the crashed task failed and go "
               "on.",
               "process_pool/report_failed: tasks_failed == 1, tasks_done == "
               "63, tasks_lost == 0",
               false, isolation::ReportsOneFailed},
              {"Any thread that crashes takes the whole process down, since "
               "threads share its memory.",
               "thread_pool: crash_signal == SIGSEGV and unfinished_at_crash "
               "> 1 (the other threads' tasks died too)",
               false, isolation::ThreadCrashTakesAll},
          },
      .analyses = {},
      .hunt_filter = "",  // no variant races on purpose
      .starts_workers = "^isolation/",
  };
}

}  // namespace mt::scenarios
