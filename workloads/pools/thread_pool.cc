// The thread pool's queue and workers.
#include "workloads/pools/thread_pool.h"

#include <algorithm>
#include <exception>
#include <string>

namespace mt::workloads {

ThreadPool::ThreadPool(int workers, OnWorkerStart on_start) {
  if (workers < 1) {
    throw std::invalid_argument("ThreadPool: workers must be >= 1, got " +
                                std::to_string(workers));
  }
  workers_.reserve(static_cast<std::size_t>(workers));
  for (int i = 0; i < workers; ++i) {
    try {
      workers_.emplace_back([this, on_start, i, workers] {
        CallWorkerHook(on_start, i, workers);
        WorkerLoop();
      });
    } catch (...) {  // could not start a thread: stop the ones we have
      Close();
      for (std::thread& t : workers_) t.join();
      throw;
    }
    worker_ids_.push_back(workers_.back().get_id());
  }
}

ThreadPool::~ThreadPool() {
  Close();
  try {
    Join();
  } catch (...) {
    // Only a destructor running on the pool's own thread gets here: it
    // would wait for itself. A bug in the caller, with nothing to recover.
    std::terminate();
  }
}

void ThreadPool::Push(std::unique_ptr<JobBase> job) {
  {
    LockGuard lock(mu_);
    if (closed_) throw PoolStateError("ThreadPool: submit after Close()");
    queue_.push_back(std::move(job));
  }
  wake_.notify_one();
}

void ThreadPool::Close() {
  {
    LockGuard lock(mu_);
    closed_ = true;
  }
  wake_.notify_all();
}

void ThreadPool::Join() {
  {
    LockGuard lock(mu_);
    if (!closed_) {
      throw PoolStateError("ThreadPool: Join() before Close()");
    }
  }
  const auto self = std::this_thread::get_id();
  if (std::find(worker_ids_.begin(), worker_ids_.end(), self) !=
      worker_ids_.end()) {
    throw PoolStateError("ThreadPool: Join() from one of its own workers");
  }
  LockGuard join_lock(join_mu_);
  for (std::thread& t : workers_) {
    if (t.joinable()) t.join();
  }
  LockGuard lock(mu_);
  failed_.clear();
}

void ThreadPool::WorkerLoop() {
  for (;;) {
    std::unique_ptr<JobBase> job;
    {
      MutexLock lock(mu_);
      lock.Wait(wake_,
                [this]() REQUIRES(mu_) { return closed_ || !queue_.empty(); });
      if (queue_.empty()) return;  // closed and drained
      job = std::move(queue_.front());
      queue_.pop_front();
    }
    if (job->Run()) {
      LockGuard lock(mu_);
      failed_.push_back(std::move(job));
    }
  }
}

}  // namespace mt::workloads
