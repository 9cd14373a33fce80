// Running one program of a race hunt: forked into its own process group on
// one PU or all, with competing CPU load, ended when it is hung (HangWatch)
// or at its time limit, with gdb's backtraces of every thread (when gdb is
// there), always reaped.
#pragma once

#include <atomic>
#include <functional>
#include <string>
#include <thread>
#include <vector>

#include "harness/hunt_hang.h"

namespace mt::harness {

struct ProcessSpec {
  std::vector<std::string> argv;  // argv[0]: a path
  std::vector<std::string> env;   // NAME=value, the whole environment
  int pu = -1;                    // the one PU it may use; -1: all
  std::string log;                // its stdout and stderr
  double limit_seconds = 60;      // then it is a hang
  double hang_quiet_seconds = kHangQuietSeconds;  // then hung; 0: off
  std::string gdb;                                // "" when not found
  std::string gdb_log;            // where gdb's backtraces of a hang go
  std::function<void()> on_hang;  // called before gdb runs, if set
};

struct ProcessResult {
  // "exited", "signalled", "hang" (ended by us: blocked, or at its limit),
  // "interrupted" (the flag was raised) or "not started".
  std::string outcome = "not started";
  int exit_code = -1;  // when exited
  int signal = 0;      // when signalled
  double wall_seconds = 0;
  std::string gdb_output;  // when a hang and gdb ran
  // When a hang: what was seen ("3 thread(s) blocked without a time-out
  // ..." or "still running at the 60 s limit"), the blocking calls ("futex
  // x3"; "" at the limit) and how long after its start it was ended.
  std::string hang_reason, hang_waits;
  double hang_seconds = 0;
  std::string note;  // why not started; how a hang's stacks were taken
};

// Runs the program to its end, its limit, or until `interrupted` is set.
// Thread safety: any thread, several at once (each waits for its own child
// only); `interrupted` may be set from any thread or a signal handler, and is
// polled with relaxed loads.
ProcessResult RunProcess(const ProcessSpec& spec,
                         const std::atomic<int>& interrupted);

// The PUs this process may run on.
std::vector<int> AllowedPus();

// Spinning threads, one per PU, competing with the program for its CPUs
// while this object lives.
// Thread safety: construct and destroy on one thread. Memory ordering: the
// stop flag is relaxed; it publishes nothing, and the destructor joins.
class CpuLoad {
 public:
  explicit CpuLoad(const std::vector<int>& pus);
  ~CpuLoad() { Stop(); }
  // Ends the load early (a hung run's stacks are taken without it).
  void Stop();
  CpuLoad(const CpuLoad&) = delete;
  CpuLoad& operator=(const CpuLoad&) = delete;

 private:
  std::atomic<bool> stop_{false};
  std::vector<std::thread> threads_;
};

}  // namespace mt::harness
