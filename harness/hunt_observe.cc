// Observations of a run's TSan logs, output and outcome.
#include "harness/hunt_observe.h"

#include <algorithm>
#include <csignal>
#include <cstring>
#include <filesystem>
#include <regex>
#include <sstream>

#include "harness/hunt_json.h"
#include "harness/run_folder.h"
#include "harness/tsan_report.h"
#include "harness/tsan_report_gdb.h"
#include "harness/tsan_report_signature.h"

namespace mt::harness {
namespace {

namespace fs = std::filesystem;

// Lines of program output kept for an exit status's signature and words.
constexpr size_t kLastLines = 3;

Observation Make(std::string kind, std::string headline, std::string detail,
                 std::vector<Stack> stacks, std::string source) {
  Observation o;
  o.signature = Signature(kind, detail, stacks);
  o.kind = std::move(kind);
  o.headline = std::move(headline);
  o.detail = std::move(detail);
  o.stacks = std::move(stacks);
  o.source = std::move(source);
  return o;
}

std::string Joined(const std::vector<std::string>& lines,
                   const std::string& sep) {
  std::string out;
  for (const std::string& l : lines) out += (out.empty() ? "" : sep) + l;
  return out;
}

}  // namespace

std::string FindAssertion(const std::string& output) {
  // glibc: "prog: file:line: function: Assertion `expr' failed."
  // libstdc++ (_GLIBCXX_ASSERTIONS): "file:line: function: Assertion 'expr'
  // failed."
  static const std::regex glibc(
      R"(^(?:[^:\s]+: )?(\S+:\d+: .*: Assertion [`'].*' failed\.)\s*$)");
  std::istringstream in(output);
  for (std::string line; std::getline(in, line);) {
    std::smatch m;
    if (std::regex_match(line, m, glibc)) return m[1];
  }
  return "";
}

std::vector<std::string> LastLines(const std::string& output, size_t n) {
  constexpr size_t kWidth = 200;
  std::vector<std::string> lines;
  std::istringstream in(output);
  for (std::string line; std::getline(in, line);) {
    line = TrimSpace(line);
    if (line.empty() || line.find("ThreadSanitizer") != std::string::npos)
      continue;
    lines.push_back(line.size() > kWidth ? line.substr(0, kWidth) : line);
  }
  if (lines.size() > n) lines.erase(lines.begin(), lines.end() - n);
  return lines;
}

std::string MaskNumbers(const std::string& text) {
  static const std::regex number("0x[0-9a-fA-F]+|[0-9]+");
  std::string out;
  size_t done = 0;
  for (auto it = std::sregex_iterator(text.begin(), text.end(), number);
       it != std::sregex_iterator(); ++it) {
    out += text.substr(done, it->position() - done);
    out += it->str().rfind("0x", 0) == 0 ? "0x#" : "#";
    done = it->position() + it->length();
  }
  return out + text.substr(done);
}

std::vector<Observation> ObserveTsanLog(const std::string& text,
                                        const std::string& source) {
  std::vector<Observation> out;
  for (TsanReport& r : ParseTsanLog(text)) {
    Observation o =
        Make(r.kind, r.headline, r.detail, std::move(r.stacks), source);
    o.location = r.location;
    out.push_back(std::move(o));
  }
  return out;
}

Observation ObserveHang(const std::string& reason, const std::string& waits,
                        const std::string& gdb_output,
                        const std::string& source) {
  std::vector<Stack> stacks = ParseGdbBacktraces(gdb_output);
  // Without stacks, the blocking calls are all that tells hangs apart.
  std::string detail = stacks.empty() ? waits : "";
  return Make("hang", reason, std::move(detail), std::move(stacks), source);
}

Observation ObserveCrash(int signal, const std::string& output,
                         const std::string& source) {
  std::string headline = "killed by " + SignalName(signal) + " (" +
                         strsignal(signal) +
                         "), not reported by ThreadSanitizer";
  const std::vector<std::string> last = LastLines(output, 1);
  if (!last.empty()) headline += "; last output: " + last[0];
  return Make("crash", headline, SignalName(signal), {}, source);
}

Observation ObserveExitStatus(int code, const std::string& output,
                              const std::string& source) {
  const std::vector<std::string> last = LastLines(output, kLastLines);
  std::string headline = "exit status " + std::to_string(code);
  if (!last.empty()) headline += ": " + last.back();
  return Make(
      "exit status", headline,
      "status " + std::to_string(code) + "\n" + MaskNumbers(Joined(last, "\n")),
      {}, source);
}

Observation ObserveAssertion(const std::string& assertion,
                             std::vector<Stack> stacks,
                             const std::string& source) {
  return Make("assertion", assertion, assertion, std::move(stacks), source);
}

void ObserveRun(const std::string& dir, bool exit_explained, RunRecord* run) {
  std::vector<std::string> logs;  // TSan appends the pid: tsan.<pid>
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
  const bool tsan_reported = !found.empty();
  const std::string output = ReadFile(dir + "/output.log");
  const std::string output_source = run->folder + "/output.log";
  const std::string assertion = FindAssertion(output);
  if (!assertion.empty()) {
    // TSan's report of the abort (handle_abort=1) is the assertion's stack.
    auto abort = std::find_if(found.begin(), found.end(), [](auto& o) {
      return o.kind == "crash" && o.detail == "SIGABRT";
    });
    std::vector<Stack> stacks;
    std::string source = output_source;
    if (abort != found.end()) {
      stacks = std::move(abort->stacks);
      source = abort->source;
      found.erase(abort);
    }
    found.push_back(ObserveAssertion(assertion, std::move(stacks), source));
  }
  if (run->outcome == "signalled" &&
      !(run->signal == SIGABRT && !assertion.empty())) {
    found.push_back(ObserveCrash(run->signal, output, output_source));
  }
  const bool tsan_exit =
      run->exit_code == kTsanExitCode && (tsan_reported || !assertion.empty());
  if (run->outcome == "exited" && run->exit_code != 0 && !tsan_exit &&
      !exit_explained) {
    found.push_back(ObserveExitStatus(run->exit_code, output, output_source));
  }
  for (Observation& o : found) run->observations.push_back(std::move(o));
}

}  // namespace mt::harness
