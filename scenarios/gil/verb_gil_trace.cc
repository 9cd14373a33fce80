// `mtbench gil-trace`: the gil scenario's --trace. Runs the emulator briefly
// and writes a Chrome trace of who held the lock when.
#include <fstream>
#include <iostream>

#include "harness/flags.h"
#include "harness/verbs.h"
#include "scenarios/gil/bench.h"
#include "scenarios/gil/trace.h"
#include "workloads/gil/gil.h"

namespace mt::scenarios::gil {
namespace {

using harness::Flags;
using harness::ParseInt;

using workloads::GilPolicy;

constexpr const char* kUsage =
    "mtbench gil-trace --out FILE [--policy P] [--threads N] [--ms MS] "
    "[--interval-us US] [--io]";

int GilTraceVerb(const std::vector<std::string>& args) {
  GilPolicy policy = GilPolicy::kInterval;
  long threads = 4, ms = 200, interval_us = 5000;
  bool io = false;
  std::string out;
  Flags flags("mtbench gil-trace");
  flags.Value("--policy", "P", "tick or interval (default interval)",
              [&](const std::string& v) -> std::string {
                auto p = workloads::ParseGilPolicy(v);
                if (p == GilPolicy::kTick || p == GilPolicy::kInterval) {
                  policy = *p;
                  return "";
                }
                return "accepted: tick, interval (none and per_process have "
                       "no shared lock to trace)";
              });
  flags.Value("--threads", "N", "CPU-bound threads, 1-64 (default 4)",
              [&](const std::string& v) {
                return ParseInt(v, 1, 64, &threads) ? "" : "accepted: 1 to 64";
              });
  flags.Value("--ms", "MS", "how long to run, 1-10000 ms (default 200)",
              [&](const std::string& v) {
                return ParseInt(v, 1, 10'000, &ms) ? ""
                                                   : "accepted: 1 to 10000";
              });
  flags.Value("--interval-us", "US",
              "switch interval, 1-1000000 us (default 5000)",
              [&](const std::string& v) {
                return ParseInt(v, 1, 1'000'000, &interval_us)
                           ? ""
                           : "accepted: 1 to 1000000";
              });
  flags.Switch("--io", "add an I/O thread (1 ms waits, lock released)",
               [&] { io = true; });
  flags.Value("--out", "FILE", "where to write the trace (JSON)",
              [&](const std::string& v) {
                out = v;
                return v.empty() ? "give a file name" : "";
              });
  std::string error;
  if (!flags.Parse(args, &error)) {
    std::cerr << error << "\n";
    return 2;
  }
  if (flags.help_requested()) {
    std::cout << "usage: " << kUsage
              << "\n\nRuns the GIL emulator for a short while and writes a "
                 "Chrome trace of who held\nthe lock when (open it in "
                 "https://ui.perfetto.dev).\n\n"
              << flags.Help();
    return 0;
  }
  if (out.empty()) {
    std::cerr << "mtbench gil-trace: --out FILE is required\nusage: " << kUsage
              << "\n";
    return 2;
  }
  std::ofstream file(out);
  if (!file) {
    std::cerr << "mtbench gil-trace: cannot write '" << out << "'\n";
    return 2;
  }
  GilTrace trace;
  workloads::Gil gil(policy, std::chrono::microseconds(interval_us), &trace);
  const int cpu = static_cast<int>(threads);
  RunMixedProgram(gil, cpu, io, std::chrono::milliseconds(ms));
  std::vector<std::string> names;
  names.reserve(size_t(cpu) + 1);
  for (int t = 0; t < cpu; ++t) names.push_back("cpu " + std::to_string(t));
  if (io) names.push_back("io");
  const workloads::GilStats stats = gil.Stats();
  file << trace
              .Json(names, {{"policy", workloads::GilPolicyName(policy)},
                            {"cpu_threads", cpu},
                            {"io_thread", io},
                            {"ms", ms},
                            {"switch_interval_us", interval_us},
                            {"switches", stats.switches},
                            {"forced_drops", stats.forced_drops}})
              .dump()
       << "\n";
  if (!file.flush()) {
    std::cerr << "mtbench gil-trace: writing '" << out << "' failed\n";
    return 1;
  }
  std::cout << "wrote " << out << ": " << trace.slices() << " holds, "
            << stats.switches << " switches, " << stats.forced_drops
            << " forced drops in " << ms
            << " ms; open it in https://ui.perfetto.dev\n";
  return 0;
}

}  // namespace

MT_VERB(gil_trace,
        {"gil-trace", kUsage,
         "a Chrome trace of who holds the emulated GIL when", GilTraceVerb});

}  // namespace mt::scenarios::gil
