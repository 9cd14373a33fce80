// Race hunt orchestration: each target run `runs` times on the schedules
// ScheduleFor plans, each run's TSan logs read back into observations, the
// findings aggregated into races.json and the summary table.
#include "harness/hunt.h"

#include <signal.h>

#include <atomic>
#include <chrono>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <iomanip>
#include <iostream>
#include <random>
#include <sstream>

#include "harness/hunt_process.h"
#include "harness/interrupt.h"
#include "harness/results.h"
#include "workloads/process/exec_path.h"

extern char** environ;

namespace mt::harness {
namespace fs = std::filesystem;
namespace {

using Clock = std::chrono::steady_clock;

// TSan sleeps this long before exit to catch races with exiting threads;
// its default of 1 s would dominate a hunt of small programs.
constexpr int kAtexitSleepMs = 100;

std::uint64_t SplitMix(std::uint64_t x) {
  x += 0x9e3779b97f4a7c15ull;
  x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ull;
  x = (x ^ (x >> 27)) * 0x94d049bb133111ebull;
  return x ^ (x >> 31);
}

std::string ShellQuote(const std::string& s) {
  if (!s.empty() &&
      s.find_first_of(" '\"$`\\|&;<>()*?![]{}~#") == std::string::npos) {
    return s;
  }
  std::string out = "'";
  for (char c : s) out += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return out + "'";
}

// The run's TSan logs (TSan appends the pid to log_path: tsan.<pid>).
void ReadLogs(const std::string& dir, RunRecord* run) {
  std::vector<std::string> logs;
  std::error_code ec;
  for (const auto& entry : fs::directory_iterator(dir, ec)) {
    std::string name = entry.path().filename();
    if (name.rfind("tsan.", 0) == 0) logs.push_back(name);
  }
  std::sort(logs.begin(), logs.end());
  std::vector<Observation> found;
  for (const std::string& log : logs) {
    for (Observation& o :
         ObserveTsanLog(ReadFile(dir + "/" + log), run->folder + "/" + log))
      found.push_back(std::move(o));
  }
  // A signal TSan did not turn into a report (its deadly-signal reports
  // exit with its exit code instead; hangs are killed by us and recorded as
  // such) is a crash of its own.
  if (run->outcome == "signalled") {
    found.push_back(ObserveCrash(run->signal));
  }
  run->observations.insert(run->observations.begin(), found.begin(),
                           found.end());
}

std::vector<std::string> RunEnvironment(const std::string& tsan_options,
                                        std::uint64_t seed) {
  std::vector<std::string> env;
  for (char** e = environ; *e != nullptr; ++e) {
    std::string var = *e;
    if (var.rfind("TSAN_OPTIONS=", 0) != 0 &&
        var.rfind("MT_PERTURB_SEED=", 0) != 0)
      env.push_back(var);
  }
  env.push_back("TSAN_OPTIONS=" + tsan_options);
  env.push_back("MT_PERTURB_SEED=" + std::to_string(seed));
  return env;
}

// A shell line that runs the program as the run did (the yields replay;
// the kernel's choices and the competing load do not).
std::string Replay(const RunRecord& run) {
  std::ostringstream out;
  out << "MT_PERTURB_SEED=" << run.schedule.seed
      << " TSAN_OPTIONS=" << ShellQuote(run.tsan_options);
  if (run.schedule.pu >= 0) out << " taskset -c " << run.schedule.pu;
  for (const std::string& a : run.argv) out << " " << ShellQuote(a);
  return out.str();
}

void PrintRun(const RunRecord& r, int runs) {
  std::ostringstream line;
  line << "  run " << std::setw(3) << r.index << "/" << runs << "  "
       << std::left << std::setw(32) << r.schedule.Describe() << std::right;
  if (r.outcome == "exited") {
    line << "exit " << std::setw(3) << r.exit_code;
  } else if (r.outcome == "signalled") {
    line << "signal " << r.signal;
  } else {
    line << r.outcome;
  }
  line << std::setw(4) << r.observations.size() << " report(s) " << std::fixed
       << std::setprecision(1) << std::setw(6) << r.wall_seconds << " s";
  std::cout << line.str() << std::endl;
}

}  // namespace

RunSchedule ScheduleFor(int index, std::uint64_t hunt_seed,
                        const std::vector<int>& pus) {
  RunSchedule s;
  // Never 0, which would turn the yields off.
  s.seed = (SplitMix(hunt_seed ^ SplitMix(std::uint64_t(index))) >> 1) | 1;
  const bool one_pu = index % 2 == 1;
  const bool load = (index / 2) % 2 == 1;
  if (one_pu) s.pu = pus[SplitMix(s.seed) % pus.size()];
  if (load) s.load_pus = one_pu ? std::vector<int>{s.pu} : pus;
  return s;
}

std::string ComposeTsanOptions(const std::string& inherited,
                               const std::string& suppressions,
                               const std::string& extra,
                               const std::string& log_path) {
  // halt_on_error=0: every report of a run, not just the first.
  // history_size=4: 4x the default memory of past accesses per thread, so
  // the "previous access" of a report is found rather than lost.
  std::string out = inherited.empty() ? "" : inherited + ":";
  out +=
      "halt_on_error=0:detect_deadlocks=1:second_deadlock_stack=1:"
      "history_size=4:exitcode=66:atexit_sleep_ms=" +
      std::to_string(kAtexitSleepMs);
  if (!suppressions.empty()) out += ":suppressions=" + suppressions;
  if (!extra.empty()) out += ":" + extra;
  return out + ":log_path=" + log_path;
}

namespace {

// What every run of a hunt shares.
struct HuntContext {
  const HuntOptions& options;
  std::string dir;  // absolute: TSan's log_path is resolved by the program
  std::uint64_t seed;
  std::vector<int> pus;
  std::string gdb;        // "" when not found
  std::string inherited;  // the user's TSAN_OPTIONS
};

// One target's findings (its races.json entry goes straight into the doc).
struct TargetResult {
  std::string name;
  std::vector<Finding> findings;
  int runs_completed = 0;
  std::string start_error;  // the program could not be started
};

RunRecord RunOnce(const HuntContext& h, const HuntTarget& target, int i,
                  std::string* start_error) {
  RunRecord run;
  run.index = i + 1;
  run.schedule = ScheduleFor(i, h.seed, h.pus);
  std::ostringstream folder;
  folder << target.name << "/run-" << std::setw(3) << std::setfill('0')
         << run.index;
  run.folder = folder.str();
  const std::string run_dir = h.dir + "/" + run.folder;
  fs::create_directories(run_dir);
  run.argv = target.argv(run_dir);
  run.tsan_options =
      ComposeTsanOptions(h.inherited, h.options.suppressions,
                         h.options.tsan_options, run_dir + "/tsan");
  ProcessSpec spec{run.argv,
                   RunEnvironment(run.tsan_options, run.schedule.seed),
                   run.schedule.pu,
                   run_dir + "/output.log",
                   h.options.timeout_seconds,
                   h.gdb,
                   run_dir + "/hang.gdb.txt"};
  ProcessResult p;
  {
    CpuLoad load(run.schedule.load_pus);  // stopped when the run ends
    p = RunProcess(spec, InterruptFlag());
  }
  run.outcome = p.outcome;
  run.exit_code = p.exit_code;
  run.signal = p.signal;
  run.wall_seconds = p.wall_seconds;
  run.note = p.note;
  if (p.outcome == "not started") {
    *start_error = p.note;
    return run;
  }
  if (p.outcome == "hang") {
    run.observations.push_back(ObserveHang(
        h.options.timeout_seconds, p.gdb_output, run.folder + "/hang.gdb.txt"));
  }
  ReadLogs(run_dir, &run);
  return run;
}

TargetResult HuntOneTarget(const HuntContext& h, const HuntTarget& target,
                           nlohmann::json* targets_json) {
  std::cout << "\n"
            << target.name << ": " << target.type
            << (target.filter.empty() ? "" : " filter " + target.filter)
            << "\n";
  TargetResult result;
  result.name = target.name;
  std::vector<RunRecord> runs;
  nlohmann::json runs_json = nlohmann::json::array();
  for (int i = 0; i < h.options.runs; ++i) {
    if (Interrupted()) break;
    RunRecord run = RunOnce(h, target, i, &result.start_error);
    nlohmann::json rj = RunJson(run);
    if (!result.start_error.empty()) {
      runs_json.push_back(rj);
      break;
    }
    PrintRun(run, h.options.runs);
    rj["replay"] = Replay(run);
    runs_json.push_back(rj);
    if (run.outcome == "interrupted") break;
    runs.push_back(std::move(run));
  }
  result.runs_completed = static_cast<int>(runs.size());
  result.findings = Aggregate(runs);
  nlohmann::json findings_json = nlohmann::json::array();
  for (const Finding& f : result.findings)
    findings_json.push_back(FindingJson(f, result.runs_completed));
  targets_json->push_back({{"name", target.name},
                           {"type", target.type},
                           {"filter", target.filter},
                           {"runs_completed", result.runs_completed},
                           {"runs", runs_json},
                           {"findings", findings_json}});
  return result;
}

}  // namespace

int RunHunt(const HuntOptions& o, const std::vector<HuntTarget>& targets) {
  std::string error;
  std::string dir = MakeRunDirectory(o.out_root, &error);
  if (dir.empty()) {
    std::cerr << "mtbench hunt: " << error << "\n";
    return 2;
  }
  CatchInterrupts();

  std::uint64_t seed = o.seed;
  while (seed == 0) {
    seed =
        (std::uint64_t(std::random_device{}()) << 32) | std::random_device{}();
  }
  const char* inherited = std::getenv("TSAN_OPTIONS");
  const HuntContext h{o,
                      fs::absolute(dir).lexically_normal(),
                      seed,
                      AllowedPus(),
                      workloads::FindOnPath("gdb"),
                      inherited ? inherited : ""};
  const auto start = Clock::now();
  std::cout << "mtbench hunt: " << targets.size() << " target(s) x " << o.runs
            << " run(s), seed " << seed << ", limit " << o.timeout_seconds
            << " s a run, " << h.pus.size() << " PU(s); hang stacks: "
            << (h.gdb.empty() ? "none (gdb not found)" : h.gdb)
            << "\nresults: " << h.dir << "\n";

  nlohmann::json doc = {
      {"format", "mtbench-races/1"},
      {"started", NowIso()},
      {"command_line", o.command_line},
      {"mtbench", {{"version", MT_VERSION}, {"preset", MT_PRESET}}},
      {"seed", seed},
      {"runs_per_target", o.runs},
      {"timeout_seconds", o.timeout_seconds},
      {"pus", h.pus},
      {"hang_stacks", h.gdb.empty() ? "none: gdb not found" : "gdb"},
      {"targets", nlohmann::json::array()}};
  int exit_code = 0, total_findings = 0;
  std::vector<TargetResult> results;
  for (const HuntTarget& target : targets) {
    if (Interrupted()) break;
    TargetResult r = HuntOneTarget(h, target, &doc["targets"]);
    if (!r.start_error.empty()) {
      std::cerr << "mtbench hunt: " << target.name << ": " << r.start_error
                << "\n";
      exit_code = 2;
    }
    total_findings += static_cast<int>(r.findings.size());
    results.push_back(std::move(r));
    WriteJsonAtomically(h.dir + "/races.json", doc);
  }
  const double wall =
      std::chrono::duration<double>(Clock::now() - start).count();
  if (exit_code == 0 && total_findings > 0) exit_code = 1;
  if (Interrupted()) exit_code = 130;
  doc["wall_seconds"] = wall;
  doc["findings"] = total_findings;
  doc["exit_status"] = exit_code;
  WriteJsonAtomically(h.dir + "/races.json", doc);

  std::cout << "\n";
  for (const TargetResult& r : results)
    PrintFindings(std::cout, r.name, r.findings, r.runs_completed);
  std::cout << std::fixed << std::setprecision(1) << "\nhunt took " << wall
            << " s; " << total_findings << " finding(s); replay with --seed "
            << seed << "\nresults: " << h.dir << "/races.json" << std::endl;
  return exit_code;
}

}  // namespace mt::harness
