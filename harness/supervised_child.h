// A child process under supervision: started in its own process group with
// stdout and stderr on one pipe, its output streamed to the console and a log
// as it comes, ended at a time limit or on Ctrl-C, always reaped, with its
// grandchildren. What `mtbench run` does with each scenario child (and with a
// user's benchmark binary).
// Thread safety: call from one thread; Ctrl-C arrives through interrupt.h.
#pragma once

#include <ostream>
#include <string>
#include <vector>

namespace mt::harness {

struct ChildOutcome {
  // "ok", "failed" (non-zero exit), "crashed" (a signal), "timed out",
  // "interrupted" (Ctrl-C) or "not started".
  std::string status = "not started";
  std::string reason;  // empty when ok
  int exit_code = -1;  // when it exited
  int signal = 0;      // when a signal ended it
  double wall_seconds = 0;
};

// Runs argv (argv[0] a path; `env` NAME=value entries added to ours) and
// copies its output to `console` and `log` until it ends or `timeout_s`
// passes. `output`, when not null, also receives everything it wrote.
ChildOutcome RunSupervised(const std::vector<std::string>& argv,
                           const std::vector<std::string>& env,
                           double timeout_s, std::ostream* console,
                           std::ostream* log, std::string* output = nullptr);

}  // namespace mt::harness
