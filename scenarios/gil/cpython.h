// The real thing beside the gil scenario's emulator: finds a CPython, runs
// its twins of the scenario's workloads (scenarios/gil/gil_*.py) and
// turns their one-line JSON into benchmark counters.
#pragma once

#include <benchmark/benchmark.h>

#include <chrono>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "harness/topology.h"
#include "workloads/base/worker_hook.h"

namespace mt::scenarios::gil {

struct PythonInterpreter {
  std::string path;
  std::string version;  // "CPython 3.11.2"
};

// $MTBENCH_PYTHON when set ("none": pretend there is no Python), else
// /usr/bin/python3 when it runs, else python3 on PATH. nullopt when none
// runs; then `why` says where it looked. Looked up once per process.
const std::optional<PythonInterpreter>& FindPython(std::string* why = nullptr);

// Runs `program` with `args`, stdout and stderr captured together, killed
// after `limit`; always reaped. The child calls on_start(0, 1) before exec
// (a binding it makes stays with the program). Returns the exit status
// (0-255; 128+signal when killed) and fills `output`.
int RunCaptured(const std::string& program,
                const std::vector<std::string>& args,
                std::chrono::seconds limit, std::string* output,
                const workloads::OnWorkerStart& on_start = {});

// Runs the twin scenarios/gil/<script> with the found Python and returns
// the JSON object on its last line of output. Throws std::runtime_error
// saying what went wrong (no Python, exit status with the output's tail, no
// JSON object).
nlohmann::json RunPythonTwin(const std::string& script,
                             const std::vector<std::string>& args,
                             const workloads::OnWorkerStart& on_start = {});

// Twins of BenchCpuBound and BenchIoLatency. Each iteration starts one
// Python; its start-up is not timed (the script times its own work). The
// interpreter cannot pin its own threads (nor multiprocessing's children),
// so its process is pinned before exec to the PUs `pin` plans for its
// workers (the I/O thread is one), which they all inherit, and recorded
// under `name` as one process. Counters: work_s, cpu_util, hexversion
// (sys.hexversion); io_p50_us, io_p99_us, io_max_us, io_samples,
// switch_interval_us.
void BenchCpythonCpu(benchmark::State& state, const std::string& name,
                     const std::string& mode, int workers, long total_loops,
                     harness::PinPolicy pin);
void BenchCpythonIo(benchmark::State& state, const std::string& name,
                    int cpu_threads, std::chrono::microseconds switch_interval,
                    std::chrono::milliseconds run_for, harness::PinPolicy pin);

}  // namespace mt::scenarios::gil
