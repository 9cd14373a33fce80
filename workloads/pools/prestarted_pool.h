// A pool of worker processes forked once and then fed tasks over socket
// pairs, as multiprocessing.Pool's workers are: what a pool saves is the
// creation of a process per task.
#pragma once

#include <sys/types.h>

#include <cstdint>
#include <vector>

#include "workloads/base/worker_hook.h"
#include "workloads/process/spawn.h"

namespace mt::workloads {

// Thread safety: one thread at a time (a task goes out and its result comes
// back before the next call).
class PrestartedPool {
 public:
  // Forks `workers` (>= 1) processes that wait for tasks, worker i calling
  // on_start(i, workers) in its child first (a replacement too). Throws
  // std::system_error when one cannot be started; those already started are
  // stopped and reaped first.
  explicit PrestartedPool(int workers, OnWorkerStart on_start = {});
  // Closes every worker's socket: each sees end of file, exits and is reaped.
  ~PrestartedPool();
  PrestartedPool(const PrestartedPool&) = delete;
  PrestartedPool& operator=(const PrestartedPool&) = delete;

  // Runs `task` on the next worker (round robin) and returns its result. A
  // worker that dies instead is reaped and replaced by a fresh one, and
  // ChildFailed is thrown with how it ended.
  std::uint64_t Run(const SpawnTask& task);

  int size() const { return static_cast<int>(workers_.size()); }
  std::vector<pid_t> pids() const;

 private:
  struct Worker {
    pid_t pid = -1;
    int fd = -1;  // our end of its socket pair
  };
  Worker Start(int index);
  void Stop(Worker& worker);

  OnWorkerStart on_start_;
  int size_;
  std::vector<Worker> workers_;
  std::size_t next_ = 0;
};

}  // namespace mt::workloads
