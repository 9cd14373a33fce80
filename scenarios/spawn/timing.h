// The timed body of the spawn scenario: one start method, from a parent
// holding a given amount of touched memory, timed as lmbench's lat_proc.
#pragma once

#include <benchmark/benchmark.h>

#include <cstddef>

#include "workloads/process/start_methods.h"

namespace mt::scenarios {

// Makes the process hold `parent_mib` MiB of touched memory (kept for the
// next benchmark of the same size), prepares `method` untimed (counter
// setup_us; its pooled workers call on_start), then times one start per
// iteration (OpIntervals counters).
// Counters also record child_cpu_us (CPU of the children reaped in the loop,
// per start; a pool's workers are reaped after it) and the footprint fork
// copies: parent_mib, rss_mib, page_tables_kib, thp_requested (0:
// MADV_NOHUGEPAGE) and anon_huge_mib.
void TimeStart(benchmark::State& state, const workloads::StartMethod& method,
               std::size_t parent_mib,
               const workloads::OnWorkerStart& on_start = {});

}  // namespace mt::scenarios
