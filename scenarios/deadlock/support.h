// The deadlock scenario's benchmark bodies and its longer claims
// (scenarios/deadlock.cc registers them and lists the claims).
#pragma once

#include <benchmark/benchmark.h>

#include <chrono>
#include <string>

#include "harness/claims.h"
#include "harness/topology.h"
#include "workloads/deadlock/ab_ba.h"
#include "workloads/deadlock/bank.h"
#include "workloads/deadlock/philosophers.h"

namespace mt::scenarios::deadlock {

// Long enough that both threads hold their first lock before either asks
// for its second even on a loaded machine (the seeds sleep 1 s).
inline constexpr auto kPause = std::chrono::milliseconds(100);

// A safety net for the scenario's child: should a benchmark here really
// deadlock, the watchdog writes its report to the run's log and aborts the
// child (the runner records it; the run goes on).
void SafetyNet(bool on);

// Fresh mutexA/mutexB each iteration; counter cycles_per_run. The two
// threads are pinned by `pin` and recorded under `name`, as in Hang.
void LockPair(benchmark::State& s, const std::string& name,
              workloads::AbBaOrder order, workloads::AbBaSchedule schedule,
              harness::PinPolicy pin);
// The seeds' hang in a forked child, reported and aborted by the watchdog:
// counters reported_fraction, detect_ms (cycle formed -> report), bound_ms.
void Hang(benchmark::State& s, const std::string& name,
          harness::PinPolicy pin);
// Lock and unlock one mutex while holding `held` (0 or 1) other ones.
void UncontendedStdMutex(benchmark::State& s, int held);
void UncontendedTrackedMutex(benchmark::State& s, int held);
// One philosopher per benchmark thread: meals/s, cycles_per_run.
void Philosophers(benchmark::State& s, workloads::ForkOrder order);
// One worker per benchmark thread: transfers/s; per transfer: retries,
// timeouts, waits; total_kept (1 when no money was lost).
void Transfers(benchmark::State& s, workloads::Avoidance how, int accounts);

// The latest lock-order and watchdog reports, for the claims' numbers.
const std::string& LastCycleReport();
const std::string& LastHangReport();

// Claims: every bank run kept the money (numbers: each strategy's
// transfers/s over global_order's); tracked <= 3 x std::mutex uncontended.
harness::Outcome StrategiesCost(const harness::Results& r);
harness::Outcome TrackingCost(const harness::Results& r);

}  // namespace mt::scenarios::deadlock
