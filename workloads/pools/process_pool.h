// A pool of forked worker processes with the seeds' multiprocessing.Pool
// interface (apply, apply_async with a callback, close, join). Tasks travel to
// the workers and results back over one socket pair per worker.
#pragma once

#include <sys/types.h>

#include <condition_variable>
#include <cstdint>
#include <deque>
#include <functional>
#include <future>
#include <thread>
#include <vector>

#include "workloads/base/mutex.h"
#include "workloads/base/thread_annotations.h"
#include "workloads/base/worker_hook.h"
#include "workloads/pools/pool_error.h"

namespace mt::workloads {

// A task a worker process can run: a plain function, found at the same
// address in every worker because they are forked without exec (as the
// "fork" start method finds the task in the child's memory), of one 64-bit
// argument. An exception it throws comes back as TaskFailed with its what().
using ProcessTask = std::uint64_t (*)(std::uint64_t);

// Thread safety: Apply, ApplyAsync and Close from any thread; Join and
// Terminate from any thread but the result thread (callbacks run there). The
// destructor closes and joins: it waits for queued tasks, then reaps every
// worker. Memory ordering: a task sees the worker's copy of memory as it was
// when the pool was built; only its argument and its result cross processes. A
// callback runs on the pool's result thread before the future is ready.
class ProcessPool {
 public:
  // Forks `workers` processes, worker i calling on_start(i, workers) in its
  // child first; throws std::invalid_argument when < 1 and
  // std::system_error when a socket pair or fork fails, after ending and
  // reaping the workers already started.
  explicit ProcessPool(int workers, OnWorkerStart on_start = {});
  ~ProcessPool();
  ProcessPool(const ProcessPool&) = delete;
  ProcessPool& operator=(const ProcessPool&) = delete;

  // Queues task(arg). The future holds the result, or TaskFailed when the
  // task threw or its worker died while running it; tasks queued behind it
  // on that worker go to the others. Throws PoolStateError after Close().
  std::future<std::uint64_t> ApplyAsync(ProcessTask task, std::uint64_t arg);
  // As above; callback(result) runs on the result thread when the task
  // succeeded, before the future is ready; an exception from it reaches the
  // future.
  std::future<std::uint64_t> ApplyAsync(
      ProcessTask task, std::uint64_t arg,
      std::function<void(std::uint64_t)> callback);
  // Blocking apply.
  std::uint64_t Apply(ProcessTask task, std::uint64_t arg);

  // No more submissions; queued tasks still run. Idempotent.
  void Close();
  // Pool.terminate(): closes, kills every worker (SIGKILL) and joins; tasks
  // not finished fail with TaskFailed. Ends a pool whose task hangs.
  void Terminate();
  // Waits for every queued task, lets the workers exit and reaps them all.
  // Throws PoolStateError before Close(). Idempotent.
  void Join();

  int size() const { return static_cast<int>(pids_.size()); }
  // Worker pids, in start order (e.g. for their CPU clocks before Join).
  const std::vector<pid_t>& pids() const { return pids_; }
  // waitpid() status of each worker once Join() returned, else -1.
  std::vector<int> exit_statuses() const;

 private:
  struct Pending {
    ProcessTask task = nullptr;
    std::uint64_t arg = 0;
    std::promise<std::uint64_t> promise;
    std::function<void(std::uint64_t)> callback;
  };
  struct Worker {
    pid_t pid = -1;
    int fd = -1;                  // -1 once the worker is gone
    bool accepting = true;        // false once a send to it failed
    int status = -1;              // waitpid() status once reaped
    std::deque<Pending> running;  // sent, result not yet back; FIFO
  };

  // Only from the constructor, before the result thread exists: nothing
  // else can touch the workers yet, so they write them without mu_.
  void StartWorker(int index, int workers, const OnWorkerStart& on_start)
      NO_THREAD_SAFETY_ANALYSIS("constructor only");
  void ReapAllAfterFailure() NO_THREAD_SAFETY_ANALYSIS("constructor only");
  void Dispatch() REQUIRES(mu_);
  bool Idle() const REQUIRES(mu_);
  // The result thread's view of worker `w` without mu_: only that thread
  // changes or closes a worker's fd, and pid is fixed once built, so it
  // reads both unlocked (others read fd under mu_).
  const Worker& OwnWorker(std::size_t w) const
      NO_THREAD_SAFETY_ANALYSIS("result thread only: it alone writes fd") {
    return workers_[w];
  }
  void ResultLoop();
  // Reads one result (or EOF) from worker `w`; fulfils outside the lock.
  void OnReadable(std::size_t w);
  // Reaps worker `w`, fails the task it was running, requeues the rest.
  void OnWorkerGone(std::size_t w);
  // Sets `error` on `p` and keeps it until Join (see failed_).
  void Fail(Pending p, std::exception_ptr error);

  std::vector<pid_t> pids_;  // immutable once built
  mutable Mutex mu_;
  std::condition_variable idle_;  // queue and every `running` empty
  // Fixed in number once built; see OwnWorker for the result thread's reads.
  std::deque<Worker> workers_ GUARDED_BY(mu_);
  std::deque<Pending> queue_ GUARDED_BY(mu_);  // not yet sent
  // Promises holding an exception, freed by Join: libstdc++ (not built with
  // TSan) counts an exception's references where TSan cannot see, so
  // freeing it here after the caller read it would be reported as a race.
  std::vector<Pending> failed_ GUARDED_BY(mu_);
  bool closed_ GUARDED_BY(mu_) = false;
  int live_ GUARDED_BY(mu_) = 0;  // workers with fd >= 0
  int epoll_fd_ = -1;  // every worker's socket, for the result thread
  Mutex join_mu_;
  std::thread result_thread_;         // joined under join_mu_
  std::thread::id result_thread_id_;  // immutable once built
};

}  // namespace mt::workloads
