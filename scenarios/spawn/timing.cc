// Start methods timed from parents of chosen sizes.
#include "scenarios/spawn/timing.h"

#include <sys/resource.h>

#include <memory>

#include "harness/op_intervals.h"
#include "workloads/process/touched_memory.h"

namespace mt::scenarios {
using namespace mt::harness;
namespace {

// The parent's touched memory, kept between benchmarks of the same size
// (registration groups them). No transparent huge pages (MADV_NOHUGEPAGE):
// with 4 KiB pages fork copies 512 times more page-table entries.
void HoldParentMemory(std::size_t mib) {
  static std::unique_ptr<workloads::TouchedMemory> held;
  if (held && held->bytes() == mib << 20) return;
  held.reset();
  held = std::make_unique<workloads::TouchedMemory>(mib << 20,
                                                    /*huge_pages=*/false);
}

double ChildrenCpuUs() {
  rusage usage{};
  getrusage(RUSAGE_CHILDREN, &usage);
  return double(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec) * 1e6 +
         double(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec);
}

}  // namespace

void TimeStart(benchmark::State& s, const workloads::StartMethod& m,
               std::size_t mib, const workloads::OnWorkerStart& on_start) {
  workloads::StartOp op;
  try {
    HoldParentMemory(mib);
    const std::int64_t start = OpIntervals::SteadyNowNs();
    op = m.prepare(on_start);
    s.counters["setup_us"] = double(OpIntervals::SteadyNowNs() - start) / 1e3;
  } catch (const std::exception& e) {
    s.SkipWithError(e.what());
    return;
  }
  // CPU the reaped children used per start: what a start costs the machine,
  // which the wall clock inflates by waiting whenever other load is running.
  const double children_before = ChildrenCpuUs();
  TimeOps(s, op);
  if (s.iterations() > 0) {
    s.counters["child_cpu_us"] =
        (ChildrenCpuUs() - children_before) / double(s.iterations());
  }
  // What fork copies (page tables) or shares, read after the run.
  const workloads::Footprint f = workloads::ReadFootprint();
  s.counters["parent_mib"] = double(mib);
  s.counters["rss_mib"] = double(f.resident_bytes) / (1 << 20);
  s.counters["page_tables_kib"] = double(f.page_table_bytes) / 1024;
  s.counters["thp_requested"] = 0;
  s.counters["anon_huge_mib"] = double(f.anon_huge_bytes) / (1 << 20);
}

}  // namespace mt::scenarios
