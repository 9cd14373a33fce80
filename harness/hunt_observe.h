// A finished run's outputs turned into observations: the reports of its
// ThreadSanitizer logs, a failed assertion in its output (with TSan's stack
// of the abort), a crash by a signal, a non-zero exit status that is not
// TSan's (the program's own check failed), a hang.
#pragma once

#include <string>
#include <vector>

#include "harness/hunt_findings.h"

namespace mt::harness {

// The exit status the hunt gives ThreadSanitizer (TSAN_OPTIONS exitcode):
// the program ended with reports.
constexpr int kTsanExitCode = 66;

// The first failed assertion glibc's assert() (or libstdc++'s assertions)
// printed, without the program's name: "file:line: function: Assertion
// `expr' failed."; "" when there is none.
std::string FindAssertion(const std::string& output);

// The last `n` lines of a program's output that say something: not blank,
// not ThreadSanitizer's; each at most 200 characters.
std::vector<std::string> LastLines(const std::string& output, size_t n);

// `text` with its numbers masked ("lost 37 of 2000, 0x7f.." -> "lost # of
// #, 0x#"): counts, pids and addresses vary from run to run and must not
// split one bug into many findings.
std::string MaskNumbers(const std::string& text);

std::vector<Observation> ObserveTsanLog(const std::string& text,
                                        const std::string& source);
// A hang: what was seen (HangWatch or the limit), the blocking calls, and
// gdb's backtraces when it ran.
Observation ObserveHang(const std::string& reason, const std::string& waits,
                        const std::string& gdb_output,
                        const std::string& source);
// Killed by a signal ThreadSanitizer did not report.
Observation ObserveCrash(int signal, const std::string& output,
                         const std::string& source);
Observation ObserveExitStatus(int code, const std::string& output,
                              const std::string& source);
// `assertion` as FindAssertion gives it; `stacks` from TSan's report of
// the abort, when it printed one.
Observation ObserveAssertion(const std::string& assertion,
                             std::vector<Stack> stacks,
                             const std::string& source);

// Appends what the run in `dir` (absolute) showed besides a hang: its TSan
// logs (tsan.<pid>), and from its output (output.log) and outcome an
// assertion, a crash or an exit status. `exit_explained`: the strategy
// accounts for the exit status itself (the scheduler's deadlock report).
void ObserveRun(const std::string& dir, bool exit_explained, RunRecord* run);

}  // namespace mt::harness
