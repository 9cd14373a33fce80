// Registration of counter's increment benchmarks: every thread hammers one
// shared (or sharded) counter; the updates lost are counted at the end.
#pragma once

#include <benchmark/benchmark.h>

#include <string>
#include <string_view>

#include "harness/bench_names.h"
#include "harness/scenario.h"
#include "harness/topology.h"

namespace mt::scenarios::counter {

// One iteration is one increment by one thread. Thread 0 resets before the
// start barrier and reads the total after the stop barrier, when every
// thread has run the same number of iterations.
template <typename Counter, typename Increment>
void Hammer(benchmark::State& state, Counter& counter, Increment increment) {
  if (state.thread_index() == 0) counter.Reset();
  for (auto _ : state) increment(counter, state.thread_index());
  state.SetItemsProcessed(state.iterations());
  if (state.thread_index() != 0) return;
  const double expected = double(state.iterations()) * state.threads();
  const double lost = expected - double(counter.Get());
  state.counters["lost"] = lost;
  state.counters["lost_fraction"] = lost / expected;
}

// The ticket lock with two threads or more is bimodal. Until a convoy forms,
// ~30 ns an increment on 2 PUs; once a thread next in line is preempted,
// every hand-off waits for the scheduler: 5-11 us quiet, 100-200 us beside
// one busy process, milliseconds at a load average of 10 (a fresh-clone
// `make test` beside other builds: 2 threads pinned to 2 PUs ran 5.4 us an
// increment, and 4 threads ran past the scenario's 120 s limit). Google
// Benchmark, sizing its run on the fast regime, then runs for minutes. A
// fixed count per thread bounds it (quick: 2,000, at worst seconds; full:
// 20,000); a run shows either regime (28-33 ns in four short runs of five,
// 10.3 us in another), so read this figure with its spread.
constexpr benchmark::IterationCount kTicketOps = 20000;
constexpr benchmark::IterationCount kQuickTicketOps = 2000;

// Registers counter/increment/`variant` for every pin policy and thread
// count. `fifo`: a FIFO lock (the ticket lock), measured as described above.
template <typename Counter>
void AddIncrement(const harness::ScenarioContext& ctx, std::string_view variant,
                  bool fifo, Counter& counter,
                  void (*increment)(Counter&, int)) {
  for (harness::PinPolicy pin : ctx.PinAxis()) {
    // A FIFO lock left to the kernel's placement can get both threads on one
    // PU, where every hand-off costs two context switches (~10 us instead of
    // ~250 ns): Google Benchmark sizes the run in one regime and finishes it
    // in the other, for minutes. A FIFO lock is measured pinned only.
    if (pin == harness::PinPolicy::kNone && fifo) continue;
    const std::string name =
        harness::Name({"counter/increment", variant,
                       harness::Axis("pin", harness::PinPolicyName(pin))});
    auto body = [&counter, increment](benchmark::State& s) {
      Hammer(s, counter, increment);
    };
    auto* sized = harness::AddPinned(name, pin, body);
    benchmark::internal::Benchmark* fixed = nullptr;
    for (int n : ctx.ThreadSweep()) {
      if (!fifo || n == 1) {
        sized->Threads(n);
        continue;
      }
      if (fixed == nullptr)
        fixed = harness::AddPinned(name, pin, body)
                    ->Iterations(ctx.quick ? kQuickTicketOps : kTicketOps);
      fixed->Threads(n);
    }
  }
}

}  // namespace mt::scenarios::counter
