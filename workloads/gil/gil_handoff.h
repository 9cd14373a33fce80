// Lock handoff between two threads, three ways: the GIL emulator's forced
// switch, and the bare baselines it is built from (a condition variable, a
// raw futex). Each hands the turn back and forth `handoffs` times in all,
// on two new threads that call on_start(t, 2) first.
#pragma once

#include <cstdint>

#include "workloads/base/worker_hook.h"
#include "workloads/gil/gil.h"

namespace mt::workloads {

// Thread safety: each function starts and joins its own two threads (run
// inside `scope`); call it from any thread that does not hold `gil`.

// Two interpreter threads call gil.ForceSwitch() in turn until the Gil has
// counted `handoffs` switches more than at the start (so a drop that the
// dropper itself wins back does not count). `gil` must use the interval or
// per_process policy and be unheld. Returns the switches counted.
std::uint64_t GilPingPong(Gil& gil, std::uint64_t handoffs,
                          const OnWorkerStart& on_start = {});

// A turn variable under a std::mutex, waited for on a condition variable.
std::uint64_t CondvarPingPong(std::uint64_t handoffs,
                              const OnWorkerStart& on_start = {});

// A turn word waited for with FUTEX_WAIT and woken with FUTEX_WAKE, no
// spinning: the cheapest blocking handoff Linux offers.
std::uint64_t FutexPingPong(std::uint64_t handoffs,
                            const OnWorkerStart& on_start = {});

}  // namespace mt::workloads
