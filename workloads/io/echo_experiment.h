// One `async` measurement in two processes: the serving model in a forked
// child (so its resident memory is its own and each process needs only N
// descriptors), the delayed echo in the caller. Socket ends reach the child
// over a Unix socket (SCM_RIGHTS).
#pragma once

#include <sys/types.h>

#include <cstdint>
#include <string>
#include <vector>

#include "workloads/base/worker_hook.h"
#include "workloads/io/echo_serve.h"

namespace mt::workloads {

// Resident memory of the calling process, from /proc/self/status (KiB).
// Approximate to some pages: the kernel reads its per-CPU RSS counters
// without summing them.
struct ProcessMemory {
  std::int64_t rss_kib = 0;  // VmRSS now
  std::int64_t hwm_kib = 0;  // VmHWM: the peak so far
};
ProcessMemory ReadProcessMemory();

// Raises RLIMIT_NOFILE's soft limit to its hard limit; returns the limit.
long RaiseFdLimit();

struct ExperimentReport {
  ServeResult serve;
  std::int64_t echoed = 0;
  // The server child's memory: at fork (inherited pages), once its model
  // was started (threads created), and its peak when done. A fork starts
  // VmHWM at the inherited VmRSS, so peak - at_fork is what serving cost.
  std::int64_t rss_at_fork_kib = 0, rss_started_kib = 0, hwm_kib = 0;
  std::string error;
};

// Thread safety: one thread drives an experiment, in the order
// constructor, Run, Finish.
class EchoExperiment {
 public:
  // Forks the child (which calls on_server_start(0, 1) first: its threads
  // inherit what that does), hands it `tasks` socket ends and returns once
  // its model is started; error() says why not (descriptor or thread
  // limits).
  EchoExperiment(ServeModel model, int tasks, const EchoConfig& config,
                 const OnWorkerStart& on_server_start = {});
  ~EchoExperiment();  // kills and reaps a child that is still there
  EchoExperiment(const EchoExperiment&) = delete;
  EchoExperiment& operator=(const EchoExperiment&) = delete;

  const std::string& error() const { return error_; }
  // Lets the child serve; echoes on this thread until all tasks are done.
  std::int64_t Run();
  // The child's report; reaps it.
  ExperimentReport Finish();

 private:
  std::string Setup(ServeModel model, int tasks, const EchoConfig& config,
                    const OnWorkerStart& on_server_start);
  EchoConfig config_;
  pid_t child_ = -1;
  int control_ = -1;  // our end of the control socket
  std::vector<int> peers_;
  std::int64_t echoed_ = 0;
  std::string error_;
};

}  // namespace mt::workloads
