// Running the CPython twins of the gil scenario's workloads.
#include "scenarios/gil/cpython.h"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <sstream>
#include <stdexcept>

#include "harness/placement.h"
#include "harness/topology.h"
#include "scenarios/gil/bench.h"
#include "workloads/process/exec_path.h"
#include "workloads/process/forked.h"

namespace mt::scenarios::gil {
namespace {

using harness::PinPolicy;
using harness::Placement;
using harness::Topology;

using Clock = std::chrono::steady_clock;

// Longest a twin may run: far above its ~1 s of work, so only a hung
// interpreter is cut off.
constexpr std::chrono::seconds kTwinLimit{120};

// The twins sit beside this file in the source tree (scenarios/gil/).
std::string TwinPath(const std::string& script) {
  return std::filesystem::path(__FILE__).parent_path() / script;
}

// Asks `path` for its implementation and version; "" when it does not run.
std::string VersionOf(const std::string& path) {
  std::string out;
  if (RunCaptured(path,
                  {"-c",
                   "import platform; print(platform.python_implementation(), "
                   "platform.python_version())"},
                  std::chrono::seconds(30), &out) != 0) {
    return "";
  }
  while (!out.empty() && (out.back() == '\n' || out.back() == '\r'))
    out.pop_back();
  return out;
}

std::optional<PythonInterpreter> Look(std::string* why) {
  std::vector<std::string> candidates;
  if (const char* chosen = std::getenv("MTBENCH_PYTHON")) {
    if (std::string(chosen) == "none") {
      *why = "MTBENCH_PYTHON=none";
      return std::nullopt;
    }
    candidates.push_back(chosen);
  } else {
    candidates.push_back("/usr/bin/python3");
    candidates.push_back(workloads::FindOnPath("python3"));
  }
  for (const std::string& c : candidates) {
    if (access(c.c_str(), X_OK) != 0) continue;
    std::string version = VersionOf(c);
    if (!version.empty()) return PythonInterpreter{c, version};
  }
  *why = "no python3 runs (looked for " +
         (std::getenv("MTBENCH_PYTHON") ? std::string("$MTBENCH_PYTHON")
                                        : "/usr/bin/python3 and PATH") +
         ")";
  return std::nullopt;
}

}  // namespace

const std::optional<PythonInterpreter>& FindPython(std::string* why) {
  static std::string reason;
  static const std::optional<PythonInterpreter> found = Look(&reason);
  if (why) *why = reason;
  return found;
}

int RunCaptured(const std::string& program,
                const std::vector<std::string>& args,
                std::chrono::seconds limit, std::string* output,
                const workloads::OnWorkerStart& on_start) {
  int fds[2];
  if (pipe2(fds, O_CLOEXEC) != 0) return 127;
  std::vector<std::string> argv_s = {program};
  argv_s.insert(argv_s.end(), args.begin(), args.end());
  std::vector<char*> argv;
  argv.reserve(argv_s.size() + 1);
  for (std::string& a : argv_s) argv.push_back(a.data());
  argv.push_back(nullptr);
  const pid_t pid = fork();
  if (pid == 0) {
    workloads::CallWorkerHook(on_start, 0, 1);
    dup2(fds[1], STDOUT_FILENO);  // dup2 clears O_CLOEXEC on the copy
    dup2(fds[1], STDERR_FILENO);
    execv(program.c_str(), argv.data());
    _exit(127);
  }
  close(fds[1]);
  if (pid < 0) {
    close(fds[0]);
    return 127;
  }
  const Clock::time_point deadline = Clock::now() + limit;
  bool killed = false;
  char buf[4096];
  for (;;) {
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
        deadline - Clock::now());
    pollfd p{fds[0], POLLIN, 0};
    const int ready = left.count() > 0 ? poll(&p, 1, int(left.count())) : 0;
    if (ready < 0 && errno == EINTR) continue;
    if (ready <= 0) {  // time is up (or poll failed): stop it
      kill(pid, SIGKILL);
      killed = true;
      break;
    }
    const ssize_t n = read(fds[0], buf, sizeof buf);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) break;  // end of output: the program is exiting
    output->append(buf, size_t(n));
  }
  close(fds[0]);
  const int status = workloads::WaitChild(pid);
  if (killed) output->append("\n[killed after the time limit]\n");
  if (WIFSIGNALED(status)) return 128 + WTERMSIG(status);
  return WEXITSTATUS(status);
}

nlohmann::json RunPythonTwin(const std::string& script,
                             const std::vector<std::string>& args,
                             const workloads::OnWorkerStart& on_start) {
  std::string why;
  const std::optional<PythonInterpreter>& python = FindPython(&why);
  if (!python) throw std::runtime_error(why);
  std::vector<std::string> all = {TwinPath(script)};
  all.insert(all.end(), args.begin(), args.end());
  std::string out;
  const int status = RunCaptured(python->path, all, kTwinLimit, &out, on_start);
  std::string last = out.substr(0, out.find_last_not_of('\n') + 1);
  last = last.substr(last.find_last_of('\n') + 1);
  if (status != 0) {
    throw std::runtime_error(
        script + " exited with status " + std::to_string(status) + ": " +
        out.substr(out.size() > 400 ? out.size() - 400 : 0));
  }
  nlohmann::json j = nlohmann::json::parse(last, nullptr, false);
  if (!j.is_object()) {
    throw std::runtime_error(script + " printed no JSON object: " + last);
  }
  return j;
}

void BenchCpythonCpu(benchmark::State& state, const std::string& name,
                     const std::string& mode, int workers, long total_loops,
                     PinPolicy pin) {
  Placement placed(name, pin, {Placement::PusOf(pin, 0, workers, workers)});
  double work_s = 0, cpu_s = 0, hexversion = 0;
  for (auto _ : state) {
    try {
      nlohmann::json j =
          RunPythonTwin("gil_cpu.py",
                        {"--mode", mode, "--workers", std::to_string(workers),
                         "--total", std::to_string(total_loops)},
                        placed.Hook(0, "python"));
      work_s += j.at("wall_s").get<double>();
      cpu_s += j.at("cpu_s").get<double>();
      hexversion = j.at("hexversion").get<double>();
    } catch (const std::exception& e) {
      state.SkipWithError(e.what());
      return;
    }
  }
  state.counters["work_s"] = work_s / double(state.iterations());
  state.counters["cpu_util"] = cpu_s / work_s / Topology::Machine().Pus();
  state.counters["hexversion"] = hexversion;
}

void BenchCpythonIo(benchmark::State& state, const std::string& name,
                    int cpu_threads, std::chrono::microseconds switch_interval,
                    std::chrono::milliseconds run_for, PinPolicy pin) {
  const int threads = cpu_threads + 1;  // the I/O thread too
  Placement placed(name, pin, {Placement::PusOf(pin, 0, threads, threads)});
  std::vector<double> samples_us;
  double hexversion = 0;
  for (auto _ : state) {
    try {
      nlohmann::json j = RunPythonTwin(
          "gil_io.py",
          {"--cpu-threads", std::to_string(cpu_threads), "--ms",
           std::to_string(run_for.count()), "--switch-interval-us",
           std::to_string(switch_interval.count()), "--io-wait-us",
           std::to_string(kIoWait.count())},
          placed.Hook(0, "python"));
      for (const auto& v : j.at("samples_us")) {
        samples_us.push_back(v.get<double>());
      }
      hexversion = j.at("hexversion").get<double>();
    } catch (const std::exception& e) {
      state.SkipWithError(e.what());
      return;
    }
  }
  state.counters["io_p50_us"] = NearestRank(samples_us, 0.50);
  state.counters["io_p99_us"] = NearestRank(samples_us, 0.99);
  state.counters["io_max_us"] = NearestRank(samples_us, 1.0);
  state.counters["io_samples"] = double(samples_us.size());
  state.counters["switch_interval_us"] = double(switch_interval.count());
  state.counters["hexversion"] = hexversion;
}

}  // namespace mt::scenarios::gil
