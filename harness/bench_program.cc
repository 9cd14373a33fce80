// Benchmark programs run by mtbench: checks, listing, command lines.
#include "harness/bench_program.h"

#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <sstream>

#include "harness/child.h"
#include "harness/elf_symbols.h"
#include "harness/run_folder.h"
#include "harness/supervised_child.h"

namespace mt::harness {
namespace {

constexpr char kExpected[] =
    "expected a Google Benchmark binary you built (a program linking "
    "benchmark::benchmark)";
constexpr char kListed[] = "benchmark: ";
// Listing starts the program and registers its benchmarks; nothing runs.
constexpr double kListSeconds = 60;

// Runs argv with its stderr kept apart in a file (Google Benchmark's list
// goes to stdout, its complaints to stderr); returns the outcome, stdout in
// `out` and stderr in `err`.
ChildOutcome RunSplit(const std::vector<std::string>& argv, std::string* out,
                      std::string* err) {
  char path[] = "/tmp/mtbench-list-XXXXXX";
  const int fd = mkstemp(path);
  if (fd >= 0) close(fd);
  std::vector<std::string> shell = {
      "/bin/sh", "-c", "exec \"$@\" 2>\"$MTBENCH_STDERR\"", "mtbench-list"};
  shell.insert(shell.end(), argv.begin(), argv.end());
  const ChildOutcome r =
      RunSupervised(shell, {std::string("MTBENCH_STDERR=") + path},
                    kListSeconds, nullptr, nullptr, out);
  *err = ReadFile(path);
  unlink(path);
  return r;
}

}  // namespace

BenchProgram BenchProgram::Gbench(std::string path, ProgramSettings s) {
  return BenchProgram(std::move(path), "", std::move(s));
}

BenchProgram BenchProgram::MtbenchScenario(std::string path,
                                           std::string scenario,
                                           ProgramSettings s) {
  return BenchProgram(std::move(path), std::move(scenario), std::move(s));
}

std::string BenchProgram::List(const std::string& filter,
                               std::vector<std::string>* names) const {
  names->clear();
  std::vector<std::string> argv = Argv(filter, "/dev/null", "/dev/null");
  std::string out, err;
  ChildOutcome r;
  if (is_gbench()) {
    argv.push_back("--benchmark_list_tests=true");
    r = RunSplit(argv, &out, &err);
  } else {
    // The child protocol's own listing ("benchmark: NAME" lines).
    argv.insert(argv.begin() + 2, "--list");
    r = RunSupervised(argv, {}, kListSeconds, nullptr, nullptr, &out);
  }
  if (r.status != "ok") {
    return path_ + " could not list its benchmarks (" + r.reason + "):\n" +
           err + out;
  }
  std::istringstream lines(out);
  for (std::string line; std::getline(lines, line);) {
    if (is_gbench() && !line.empty()) names->push_back(line);
    if (!is_gbench() && line.rfind(kListed, 0) == 0)
      names->push_back(line.substr(sizeof kListed - 1));
  }
  return "";
}

std::vector<std::string> BenchProgram::Argv(const std::string& filter,
                                            const std::string& json,
                                            const std::string& sidecar) const {
  const ProgramSettings& s = settings_;
  // Level 2 logs "Running NAME for N" before every run of a benchmark: how
  // the runner knows which one crashed or hung, and whose threads it placed.
  std::vector<std::string> gb_flags = {"--v=2"};
  if (!s.min_time.empty())
    gb_flags.push_back("--benchmark_min_time=" + s.min_time);
  gb_flags.insert(gb_flags.end(), s.flags.begin(), s.flags.end());
  if (!is_gbench()) {
    ChildOptions child;
    child.scenario = scenario_;
    child.filter = filter;
    child.pins = {s.policy};
    child.pins_given = true;
    child.quick = s.quick;
    child.repetitions = s.repetitions;
    child.random_interleaving = s.random_interleaving;
    child.benchmark_json = json;
    child.sidecar_json = sidecar;
    child.facts.pus = Topology::Machine().Pus();
    child.benchmark_flags = gb_flags;
    std::vector<std::string> argv = {path_, "child"};
    for (std::string& a : child.ToArgs()) argv.push_back(std::move(a));
    return argv;
  }
  std::vector<std::string> argv = {
      path_,
      "--benchmark_filter=" + filter,
      "--benchmark_out=" + json,
      "--benchmark_out_format=json",
      "--benchmark_repetitions=" + std::to_string(s.repetitions),
  };
  if (s.random_interleaving)
    argv.push_back("--benchmark_enable_random_interleaving=true");
  argv.insert(argv.end(), gb_flags.begin(), gb_flags.end());
  return argv;
}

std::vector<int> BenchProgram::PlannedPus() const {
  const Topology& topo = Topology::Machine();
  std::vector<int> pus;
  for (int k = 0; k < topo.Pus(); ++k) {
    if (std::optional<int> pu = topo.PuFor(settings_.policy, k, topo.Pus()))
      pus.push_back(*pu);
  }
  return pus;
}

std::vector<std::string> BenchProgram::Environment() const {
  const std::string library = PinLibraryPath();
  if (!is_gbench() || library.empty()) return {};
  std::string pus;
  for (int pu : PlannedPus())
    pus += (pus.empty() ? "" : ",") + std::to_string(pu);
  const char* preload = std::getenv("LD_PRELOAD");
  std::string all = library;
  if (preload != nullptr && *preload != '\0') all += std::string(":") + preload;
  return {"LD_PRELOAD=" + all, "MTBENCH_PIN_PUS=" + pus, "MTBENCH_PIN_FD=2"};
}

std::string CheckGbenchBinary(const std::string& path) {
  struct stat st {};
  if (stat(path.c_str(), &st) != 0) {
    return path + ": " + std::strerror(errno) + "; " + kExpected;
  }
  if (!S_ISREG(st.st_mode)) return path + ": not a file; " + kExpected;
  if (access(path.c_str(), X_OK) != 0) {
    return path + ": not executable (" + std::strerror(errno) + "); " +
           kExpected;
  }
  std::string error;
  std::optional<bool> gb =
      ElfHasSymbolWithPrefix(path, kGoogleBenchmarkPrefix, &error);
  if (!gb) return error + "; " + kExpected;
  if (!*gb) {
    return path +
           ": not a Google Benchmark binary: its ELF symbol tables name "
           "nothing in namespace benchmark:: (" +
           kExpected +
           "; a stripped, statically linked one cannot be recognised: keep "
           "its symbols)";
  }
  return "";
}

std::string PinLibraryPath() {
  const std::string path = std::string(MT_PRELOAD_DIR) + "/libmtpin.so";
  return access(path.c_str(), R_OK) == 0 ? path : "";
}

std::string ExactFilter(const std::vector<std::string>& names) {
  std::string out = "^(";
  for (size_t i = 0; i < names.size(); ++i) {
    if (i > 0) out += '|';
    for (char c : names[i]) {
      if (std::strchr(".[]{}()\\*+?^$|", c) != nullptr) out += '\\';
      out += c;
    }
  }
  return out + ")$";
}

}  // namespace mt::harness
