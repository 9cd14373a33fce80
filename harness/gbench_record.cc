// A --gbench binary's run, written as a scenario child's two files.
#include "harness/gbench_record.h"

#include <fstream>
#include <regex>

#include "harness/bench_attempts.h"
#include "harness/run_folder.h"

namespace mt::harness {
namespace {

int ThreadsOf(const std::string& name) {
  static const std::regex kThreads(R"((^|/)threads:(\d+)(/|$))");
  std::smatch m;
  return std::regex_search(name, m, kThreads) ? std::stoi(m[2]) : 1;
}

// The name a benchmark was registered under: what Google Benchmark appends
// (threads:N, real_time, ...) taken off, as run.json's placements are keyed
// (results/README.md).
std::string RegisteredName(std::string name) {
  static const std::regex kSuffix(
      R"(/(real_time|manual_time|process_time|(threads|iterations|repeats|)"
      R"(min_time|min_warmup_time):[^/]+)$)");
  std::smatch m;
  while (std::regex_search(name, m, kSuffix)) name.erase(m.position(0));
  return name;
}

nlohmann::json Placements(const ProgramRun& run, const std::string& prefix,
                          PinPolicy policy) {
  nlohmann::json out = nlohmann::json::array();
  for (const auto& [name, threads] : run.placements) {
    nlohmann::json workers = nlohmann::json::array();
    for (const ThreadPlacement& t : threads)
      workers.push_back({{"pu", t.pu},
                         {"cpu", t.cpu},
                         {"verified", t.verified},
                         {"kind", "thread"},
                         {"role", "worker"}});
    out.push_back({{"benchmark", prefix + RegisteredName(name)},
                   {"threads", ThreadsOf(name)},
                   {"policy", PinPolicyName(policy)},
                   {"workers", workers}});
  }
  return out;
}

std::string Describe(const BenchmarkFailure& f) {
  return (f.benchmark.empty() ? "the program" : f.benchmark) + ": " + f.status +
         " (" + f.reason + ")";
}

}  // namespace

ProgramSettings GbenchSettings(const ChildOptions& c) {
  ProgramSettings s;
  s.repetitions = c.repetitions;
  s.random_interleaving = c.random_interleaving;
  // As a scenario's --quick: 50 ms per benchmark, not Google Benchmark's
  // default 0.5 s.
  if (c.quick) s.min_time = "0.05";
  s.flags = c.benchmark_flags;
  s.policy = c.pins.empty() ? PinPolicy::kCompact : c.pins.front();
  s.quick = c.quick;
  return s;
}

ChildOutcome RunGbenchRecord(const GbenchBinary& binary,
                             const std::vector<std::string>& benchmarks,
                             const ProgramSettings& settings, double timeout_s,
                             std::ostream* console, std::ostream* log,
                             const std::string& benchmark_json,
                             const std::string& sidecar_json) {
  const BenchProgram program = BenchProgram::Gbench(binary.path, settings);
  std::string stem = benchmark_json;
  if (const size_t dot = stem.rfind(".benchmark.json");
      dot != std::string::npos)
    stem.erase(dot);
  const ProgramRun run = RunProgram(program, benchmarks, timeout_s, console,
                                    log, stem + ".process");
  const std::string prefix = binary.name + "/";
  nlohmann::json entries = nlohmann::json::array();
  nlohmann::json errors = nlohmann::json::array();
  for (nlohmann::json e : run.benchmarks) {
    for (const char* key : {"name", "run_name"})
      if (e.contains(key)) e[key] = prefix + e[key].get<std::string>();
    if (e.value("error_occurred", false))
      errors.push_back(e.value("name", "") + ": " +
                       e.value("error_message", ""));
    entries.push_back(std::move(e));
  }
  nlohmann::json failures = nlohmann::json::array();
  for (const BenchmarkFailure& f : run.failures) {
    const BenchmarkFailure named{
        f.benchmark.empty() ? "" : prefix + f.benchmark, f.status, f.reason};
    errors.push_back(Describe(named));
    failures.push_back({{"benchmark", named.benchmark},
                        {"status", f.status},
                        {"reason", f.reason}});
  }
  nlohmann::json notes = nlohmann::json::array();
  if (!run.pin_library_loaded) {
    notes.push_back(
        "libmtpin.so did not load (" +
        std::string(PinLibraryPath().empty() ? "not built"
                                             : "a statically linked binary?") +
        "): the binary's threads were not placed one by one; they ran on "
        "the process's CPU set, the pin plan's PUs");
  }
  if (run.processes > 1) {
    notes.push_back("ran in " + std::to_string(run.processes) +
                    " processes: each crash or hang ended one, and the next "
                    "ran the benchmarks not yet finished");
  }
  nlohmann::json identity = GbenchIdentity(binary);
  identity["processes"] = run.processes;
  identity["failures"] = failures;
  identity["pin_library_loaded"] = run.pin_library_loaded;
  nlohmann::json context =
      run.context.is_object() ? run.context : nlohmann::json::object();
  WriteJsonAtomically(benchmark_json,
                      {{"context", context}, {"benchmarks", entries}});
  WriteJsonAtomically(sidecar_json,
                      {{"scenario", binary.name},
                       {"claims", nlohmann::json::array()},
                       {"analysis", nlohmann::json::object()},
                       {"placements", Placements(run, prefix, settings.policy)},
                       {"errors", errors},
                       {"notes", notes},
                       {"starts_workers", ""},
                       {"binary", identity}});
  ChildOutcome outcome = run.outcome;
  outcome.wall_seconds = run.wall_seconds;
  if (!run.failures.empty() && outcome.status != "interrupted") {
    const BenchmarkFailure& f = run.failures.front();
    outcome.reason =
        (f.benchmark.empty() ? "" : prefix + f.benchmark + ": ") + f.reason;
    if (run.failures.size() > 1)
      outcome.reason += " (and " + std::to_string(run.failures.size() - 1) +
                        " more: see errors)";
    if (!run.benchmarks.empty()) outcome.reason += "; the other benchmarks ran";
  }
  return outcome;
}

}  // namespace mt::harness
