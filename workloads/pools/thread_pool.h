// A fixed-size thread pool with the seeds' multiprocessing.Pool interface
// (apply, apply_async with a callback, close, join), for the pool scenario.
// Tasks share one FIFO queue, so a free worker always takes the oldest task.
#pragma once

#include <condition_variable>
#include <cstddef>
#include <deque>
#include <functional>
#include <future>
#include <memory>
#include <stdexcept>
#include <thread>
#include <type_traits>
#include <utility>
#include <vector>

#include "workloads/base/worker_hook.h"
#include "workloads/base/mutex.h"
#include "workloads/base/thread_annotations.h"
#include "workloads/pools/pool_error.h"

namespace mt::workloads {

// Thread safety: Apply, ApplyAsync and Close from any thread, also from a
// task; Join from any thread but a worker of this pool (it would wait for
// itself). The destructor closes and joins, so it must not run on a worker.
// Memory ordering: everything a submitter did before ApplyAsync happens
// before the task runs (the queue's mutex); everything the task did happens
// before its future becomes ready and before its callback runs.
class ThreadPool {
 public:
  // Starts `workers` threads, each calling on_start(i, workers) first;
  // throws std::invalid_argument when < 1.
  explicit ThreadPool(int workers, OnWorkerStart on_start = {});
  ~ThreadPool();
  ThreadPool(const ThreadPool&) = delete;
  ThreadPool& operator=(const ThreadPool&) = delete;

  // Queues `task` (callable with no arguments); the future holds its result
  // or the exception it threw. Throws PoolStateError after Close().
  template <typename F>
  auto ApplyAsync(F task) -> std::future<std::invoke_result_t<F&>> {
    auto job = std::make_unique<Job<F>>(std::move(task));
    auto future = job->promise.get_future();
    Push(std::move(job));
    return future;
  }

  // As above; `callback(result)` (or `callback()` for a void task) runs on
  // the worker after the task succeeds and before the future is ready, as
  // apply_async's callback does. An exception from the task skips the
  // callback; one from either reaches the future.
  template <typename F, typename Callback>
  auto ApplyAsync(F task, Callback callback)
      -> std::future<std::invoke_result_t<F&>> {
    using R = std::invoke_result_t<F&>;
    return ApplyAsync([task = std::move(task),
                       callback = std::move(callback)]() mutable -> R {
      if constexpr (std::is_void_v<R>) {
        task();
        callback();
      } else {
        R result = task();
        callback(result);
        return result;
      }
    });
  }

  // Blocking apply: runs `task` on a worker and returns its result (or
  // rethrows its exception). Must not be called from a worker of a pool of
  // one (it would wait for itself).
  template <typename F>
  auto Apply(F task) -> std::invoke_result_t<F&> {
    return ApplyAsync(std::move(task)).get();
  }

  // No more submissions; queued tasks still run. Idempotent.
  void Close();
  // Waits until every queued task has run and every worker has exited.
  // Throws PoolStateError before Close(), as Pool.join() does. Idempotent.
  void Join();

  int size() const { return static_cast<int>(workers_.size()); }

 private:
  struct JobBase {
    virtual ~JobBase() = default;
    // Runs the task into its promise; true when it threw.
    virtual bool Run() = 0;
  };
  template <typename F>
  struct Job final : JobBase {
    using R = std::invoke_result_t<F&>;
    explicit Job(F f) : fn(std::move(f)) {}
    bool Run() override {
      try {
        if constexpr (std::is_void_v<R>) {
          fn();
          promise.set_value();
        } else {
          promise.set_value(fn());
        }
        return false;
      } catch (...) {
        promise.set_exception(std::current_exception());
        return true;
      }
    }
    F fn;
    std::promise<R> promise;
  };

  void Push(std::unique_ptr<JobBase> job);
  void WorkerLoop();

  Mutex mu_;
  std::condition_variable wake_;  // a job, or Close()
  std::deque<std::unique_ptr<JobBase>> queue_ GUARDED_BY(mu_);
  // Jobs whose task threw, freed by Join: libstdc++ (not built with TSan)
  // counts an exception's references where TSan cannot see, so freeing it
  // on the worker after the caller read it would be reported as a race.
  std::vector<std::unique_ptr<JobBase>> failed_ GUARDED_BY(mu_);
  bool closed_ GUARDED_BY(mu_) = false;
  Mutex join_mu_;  // one joiner at a time
  // Built by the constructor; then only joined, under join_mu_ (size() reads
  // it unlocked: its length never changes).
  std::vector<std::thread> workers_;
  std::vector<std::thread::id> worker_ids_;  // immutable once built
};

}  // namespace mt::workloads
