// One run: environment composed, program run, outputs observed, replay line.
#include "harness/hunt_run.h"

#include <cstdlib>
#include <filesystem>
#include <iomanip>
#include <sstream>

#include "harness/hunt_observe.h"
#include "harness/hunt_process.h"
#include "harness/interrupt.h"

extern char** environ;

namespace mt::harness {
namespace {

namespace fs = std::filesystem;

// TSan sleeps this long before exit to catch races with exiting threads;
// its default of 1 s would dominate a hunt of small programs.
constexpr int kAtexitSleepMs = 100;

std::string ShellQuote(const std::string& s) {
  if (!s.empty() &&
      s.find_first_of(" '\"$`\\|&;<>()*?![]{}~#") == std::string::npos) {
    return s;
  }
  std::string out = "'";
  for (char c : s) out += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return out + "'";
}

std::string NameOf(const std::string& var) {
  return var.substr(0, var.find('='));
}

// Variables a run sets: TSAN_OPTIONS and the strategy's, LD_PRELOAD put
// before an inherited one (the user's preloads stay).
std::vector<std::string> RunVariables(const std::string& tsan_options,
                                      std::vector<std::string> set) {
  for (std::string& var : set) {
    const char* theirs = std::getenv("LD_PRELOAD");
    if (NameOf(var) == "LD_PRELOAD" && theirs && *theirs)
      var += std::string(":") + theirs;
  }
  set.push_back("TSAN_OPTIONS=" + tsan_options);
  return set;
}

// The whole environment: ours, and what is inherited but for variables we
// set and the hunt's own (left over from a hunt that started this one).
std::vector<std::string> Environment(const std::vector<std::string>& ours) {
  std::vector<std::string> env = ours;
  for (char** e = environ; *e != nullptr; ++e) {
    const std::string var = *e, name = NameOf(var);
    bool replaced =
        name == "MT_PERTURB_SEED" || name.rfind("MT_SCHED_", 0) == 0;
    for (const std::string& o : ours) replaced |= NameOf(o) == name;
    if (!replaced) env.push_back(var);
  }
  return env;
}

// Reruns the run as it ran (the kernel's choices and the competing load
// aside), from where the hunt ran, writing to a folder of its own.
std::string Replay(const HuntContext& h, const HuntTarget& target,
                   const RunRecord& run) {
  const std::string dir = h.replay_root + "/" + run.folder;
  const StrategyRun s{run.index, run.schedule.seed, dir, run.steps_given};
  const std::vector<std::string> vars =
      RunVariables(ComposeTsanOptions(h.inherited, h.options.suppressions,
                                      h.options.tsan_options, ""),
                   h.strategy.Environment(s));
  std::ostringstream out;
  out << "cd " << ShellQuote(h.cwd) << " && mkdir -p " << ShellQuote(dir)
      << " &&";
  for (const std::string& v : vars)
    out << " " << NameOf(v) << "=" << ShellQuote(v.substr(v.find('=') + 1));
  if (run.schedule.pu >= 0) out << " taskset -c " << run.schedule.pu;
  for (const std::string& a : target.argv(dir)) out << " " << ShellQuote(a);
  return out.str();
}

}  // namespace

std::string ComposeTsanOptions(const std::string& inherited,
                               const std::string& suppressions,
                               const std::string& extra,
                               const std::string& log_path) {
  // halt_on_error=0: every report of a run, not just the first.
  // history_size=4: 4x the default memory of past accesses per thread, so
  // the "previous access" of a report is found rather than lost.
  // handle_abort, handle_sigill: a stack for an assertion's abort and for
  // a trap, as TSan gives one for SEGV, BUS and FPE by default.
  std::string out = inherited.empty() ? "" : inherited + ":";
  out +=
      "halt_on_error=0:detect_deadlocks=1:second_deadlock_stack=1:"
      "history_size=4:handle_abort=1:handle_sigill=1:exitcode=" +
      std::to_string(kTsanExitCode) +
      ":atexit_sleep_ms=" + std::to_string(kAtexitSleepMs);
  if (!suppressions.empty()) out += ":suppressions=" + suppressions;
  if (!extra.empty()) out += ":" + extra;
  return log_path.empty() ? out : out + ":log_path=" + log_path;
}

RunRecord RunOnce(const HuntContext& h, const HuntTarget& target, int i,
                  std::int64_t steps, std::string* start_error) {
  RunRecord run;
  run.index = i + 1;
  run.schedule = ScheduleFor(i, h.seed, h.pus);
  run.strategy = h.strategy.Name();
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
  run.steps_given = steps;
  const StrategyRun srun{run.index, run.schedule.seed, run_dir, steps};
  run.strategy_env = h.strategy.Environment(srun);
  ProcessSpec spec;
  spec.argv = run.argv;
  spec.env = Environment(RunVariables(run.tsan_options, run.strategy_env));
  spec.pu = run.schedule.pu;
  spec.log = run_dir + "/output.log";
  spec.limit_seconds = h.options.timeout_seconds;
  spec.hang_quiet_seconds = h.options.hang_quiet_seconds;
  spec.gdb = h.gdb;
  spec.gdb_log = run_dir + "/hang.gdb.txt";
  ProcessResult p;
  {
    CpuLoad load(run.schedule.load_pus);      // stopped when the run ends
    spec.on_hang = [&load] { load.Stop(); };  // gdb needs the CPUs
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
  run.replay = Replay(h, target, run);
  if (p.outcome == "hang") {
    std::ostringstream when;
    when << std::fixed << std::setprecision(1) << p.hang_seconds;
    run.note = p.hang_reason + "; ended at " + when.str() + " s; " + p.note;
    run.observations.push_back(ObserveHang(p.hang_reason, p.hang_waits,
                                           p.gdb_output,
                                           run.folder + "/hang.gdb.txt"));
  }
  StrategyObservations seen = h.strategy.Observe(srun, run);
  run.steps = seen.steps;
  ObserveRun(run_dir, seen.explains_exit, &run);
  for (Observation& o : seen.observations)
    run.observations.push_back(std::move(o));
  return run;
}

}  // namespace mt::harness
