// Running one program of a race hunt: forked into its own process group on
// one PU or all, with competing CPU load, ended at its time limit with gdb's
// backtraces of every thread (when gdb is there), always reaped.
#pragma once

#include <atomic>
#include <string>
#include <thread>
#include <vector>

namespace mt::harness {

struct ProcessSpec {
  std::vector<std::string> argv;  // argv[0]: a path
  std::vector<std::string> env;   // NAME=value, the whole environment
  int pu = -1;                    // the one PU it may use; -1: all
  std::string log;                // its stdout and stderr
  double limit_seconds = 60;      // then it is a hang
  std::string gdb;                // "" when not found
  std::string gdb_log;            // where gdb's backtraces of a hang go
};

struct ProcessResult {
  // "exited", "signalled", "hang" (ended at its limit), "interrupted" (the
  // flag was raised) or "not started".
  std::string outcome = "not started";
  int exit_code = -1;  // when exited
  int signal = 0;      // when signalled
  double wall_seconds = 0;
  std::string gdb_output;  // when a hang and gdb ran
  std::string note;        // why not started; how a hang's stacks were taken
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
  ~CpuLoad();
  CpuLoad(const CpuLoad&) = delete;
  CpuLoad& operator=(const CpuLoad&) = delete;

 private:
  std::atomic<bool> stop_{false};
  std::vector<std::thread> threads_;
};

}  // namespace mt::harness
