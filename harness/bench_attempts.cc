// A program's benchmarks through as many supervised processes as crashes and
// hangs take; each process's output read for who started last and where its
// threads ran.
#include "harness/bench_attempts.h"

#include <sched.h>
#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <set>
#include <sstream>
#include <streambuf>

#include "harness/interrupt.h"
#include "harness/results.h"
#include "harness/run_folder.h"

namespace mt::harness {
namespace {

constexpr char kLogRunning[] = "-- LOG(2): Running ";
constexpr char kPinLine[] = "mtbench-pin: ";

// Passes whole lines to `out`, except the runner's own (IsMachineLine).
class LineFilter : public std::streambuf {
 public:
  explicit LineFilter(std::ostream* out) : out_(out) {}
  ~LineFilter() override { Finish(); }
  void Finish() {
    if (!line_.empty()) Emit();
  }

 protected:
  int overflow(int c) override {
    if (c == EOF) return 0;
    line_ += static_cast<char>(c);
    if (c == '\n') Emit();
    return c;
  }
  std::streamsize xsputn(const char* s, std::streamsize n) override {
    for (std::streamsize i = 0; i < n; ++i) overflow(s[i]);
    return n;
  }

 private:
  void Emit() {
    if (out_ != nullptr && !IsMachineLine(line_))
      out_->write(line_.data(), static_cast<std::streamsize>(line_.size()))
          .flush();
    line_.clear();
  }
  std::ostream* out_;
  std::string line_;
};

ThreadPlacement ParsePinLine(const std::string& line, int* slot) {
  ThreadPlacement p;
  int verified = 0;
  *slot = -1;
  std::sscanf(line.c_str() + line.find(kPinLine) + sizeof kPinLine - 1,
              "slot=%d pu=%d cpu=%d verified=%d", slot, &p.pu, &p.cpu,
              &verified);
  p.verified = verified != 0;
  return p;
}

// The names whose every repetition (or whose aggregates, which Google
// Benchmark writes after them) made it into the JSON.
std::set<std::string> Complete(const nlohmann::json& entries) {
  std::map<std::string, int> iterations, expected;
  std::set<std::string> out;
  for (const nlohmann::json& e : entries) {
    const std::string name = e.value("run_name", e.value("name", ""));
    if (e.value("run_type", "iteration") == "aggregate") {
      out.insert(name);
      continue;
    }
    ++iterations[name];
    expected[name] = e.value("repetitions", 1);
  }
  for (const auto& [name, n] : iterations)
    if (n >= expected[name]) out.insert(name);
  return out;
}

// A child inherits the CPU set of the thread that forks it: the plan's PUs,
// which then hold every thread libmtpin.so does not place itself.
class ScopedCpuSet {
 public:
  explicit ScopedCpuSet(const std::vector<int>& pus) {
    if (pus.empty()) return;  // pin policy none: the kernel's choice
    cpu_set_t want;
    CPU_ZERO(&want);
    for (int pu : pus) CPU_SET(pu, &want);
    set_ = sched_getaffinity(0, sizeof saved_, &saved_) == 0 &&
           sched_setaffinity(0, sizeof want, &want) == 0;
  }
  ~ScopedCpuSet() {
    if (set_) sched_setaffinity(0, sizeof saved_, &saved_);
  }
  ScopedCpuSet(const ScopedCpuSet&) = delete;
  ScopedCpuSet& operator=(const ScopedCpuSet&) = delete;

 private:
  cpu_set_t saved_{};
  bool set_ = false;
};

void Forget(std::vector<std::string>* names, const std::string& name) {
  names->erase(std::remove(names->begin(), names->end(), name), names->end());
}

}  // namespace

bool IsMachineLine(const std::string& line) {
  return line.find("-- LOG(") != std::string::npos ||
         line.rfind(kPinLine, 0) == 0;
}

OutputFacts ReadOutput(const std::string& output) {
  OutputFacts facts;
  ThreadPlacement main_thread;
  std::istringstream lines(output);
  for (std::string line; std::getline(lines, line);) {
    // Found anywhere in the line: without libmtpin.so, stdout is block-
    // buffered and a console line may be cut by the log's.
    if (size_t at = line.find(kLogRunning); at != std::string::npos) {
      std::string name = line.substr(at + sizeof kLogRunning - 1);
      name = name.substr(0, name.rfind(" for "));
      facts.last_started = name;
      facts.placements[name] = {main_thread};  // its last run wins
    } else if (line.rfind(kPinLine, 0) == 0) {
      if (line.find("loaded") != std::string::npos) {
        facts.pin_library_loaded = true;
        continue;
      }
      int slot = -1;
      const ThreadPlacement p = ParsePinLine(line, &slot);
      if (slot == 0) main_thread = p;
      if (slot <= 0 || facts.last_started.empty()) continue;
      auto& workers = facts.placements[facts.last_started];
      if (workers.size() <= static_cast<size_t>(slot))
        workers.resize(static_cast<size_t>(slot) + 1);
      workers[static_cast<size_t>(slot)] = p;
    }
  }
  return facts;
}

ProgramRun RunProgram(const BenchProgram& program,
                      const std::vector<std::string>& names, double timeout_s,
                      std::ostream* console, std::ostream* log,
                      const std::string& json_prefix) {
  ProgramRun run;
  std::vector<std::string> remaining = names;
  LineFilter console_lines(console), log_lines(log);
  std::ostream console_out(&console_lines), log_out(&log_lines);
  bool failed = false;
  auto fail = [&](const std::string& name, const ChildOutcome& r,
                  const std::string& why) {
    run.failures.push_back({name, r.status, why});
    if (!failed) run.outcome = r;
    failed = true;
  };
  while (!remaining.empty() && !Interrupted()) {
    const std::string stem =
        json_prefix + "." + std::to_string(++run.processes);
    const std::string json = stem + ".json";
    unlink(json.c_str());
    std::string output;
    const ScopedCpuSet cpus(program.PlannedPus());
    const ChildOutcome r = RunSupervised(
        program.Argv(ExactFilter(remaining), json, stem + ".sidecar.json"),
        program.Environment(), timeout_s, &console_out, &log_out, &output);
    console_lines.Finish();
    log_lines.Finish();
    run.wall_seconds += r.wall_seconds;
    const OutputFacts facts = ReadOutput(output);
    run.pin_library_loaded |= facts.pin_library_loaded;
    for (const auto& [name, workers] : facts.placements)
      run.placements[name] = workers;
    const nlohmann::json doc = nlohmann::json::parse(
        CloseTruncatedBenchmarkJson(ReadFile(json)), nullptr, false);
    const nlohmann::json entries =
        doc.is_object() ? doc.value("benchmarks", nlohmann::json::array())
                        : nlohmann::json::array();
    if (run.context.is_null() && doc.is_object() && doc.contains("context"))
      run.context = doc["context"];
    const std::set<std::string> done = Complete(entries);
    for (const nlohmann::json& e : entries)
      if (done.count(e.value("run_name", e.value("name", ""))))
        run.benchmarks.push_back(e);
    for (const std::string& name : done) Forget(&remaining, name);
    if (!failed) run.outcome = r;
    if (r.status == "interrupted") {
      run.outcome = r;
      break;
    }
    if (r.status == "ok") {
      ChildOutcome missing = r;
      missing.status = "failed";
      missing.reason = "the program exited without reporting it";
      for (const std::string& name : remaining)
        fail(name, missing, missing.reason);
      break;
    }
    const std::string& culprit = facts.last_started;
    const bool pinned =
        !culprit.empty() && std::find(remaining.begin(), remaining.end(),
                                      culprit) != remaining.end();
    if (pinned) {
      fail(culprit, r, r.reason);
      Forget(&remaining, culprit);
    } else {
      fail(
          "", r,
          r.reason + (culprit.empty() ? " before any benchmark started"
                                      : " after " + culprit + " had finished"));
    }
    // Without progress (nothing finished, nobody to blame), another process
    // would end the same way.
    const bool again = !remaining.empty() && (pinned || !done.empty());
    if (console != nullptr) {
      *console << "!! " << (pinned ? culprit : "the program") << ": "
               << r.status << " (" << r.reason << ")";
      if (again)
        *console << "; a new process runs the " << remaining.size()
                 << " benchmark(s) not finished";
      *console << std::endl;
    }
    if (!again) break;
  }
  if (Interrupted() && run.outcome.status != "interrupted") {
    run.outcome.status = "interrupted";
    run.outcome.reason = "stopped by the user";
  }
  return run;
}

}  // namespace mt::harness
