// Bug: Submit() checks that the pool is running in one locked section and
// queues the task in another. Shows: deadlock: Shutdown() runs between the
// two, the workers exit, the task is queued to no one and its caller waits.
// Fix: check and queue in one locked section.
#include <condition_variable>
#include <deque>
#include <functional>
#include <mutex>
#include <thread>
#include <vector>

#include "corpus/corpus.h"

namespace {

class Pool {
 public:
  explicit Pool(int workers) {
    for (int w = 0; w < workers; ++w) threads_.emplace_back([this] { Work(); });
  }
  ~Pool() { Shutdown(); }
  // False when the pool has shut down (the task will never run).
  bool Submit(std::function<void()> task) {
#ifdef CORPUS_FIXED
    std::lock_guard<std::mutex> lock(mu_);
    if (stopping_) return false;
#else
    {
      std::lock_guard<std::mutex> lock(mu_);
      if (stopping_) return false;
    }
    CORPUS_WINDOW();
    std::lock_guard<std::mutex> lock(mu_);
#endif
    tasks_.push_back(std::move(task));
    changed_.notify_one();
    return true;
  }
  // Runs what is queued, then stops the workers.
  void Shutdown() {
    {
      std::lock_guard<std::mutex> lock(mu_);
      stopping_ = true;
      changed_.notify_all();
    }
    for (std::thread& t : threads_) {
      if (t.joinable()) t.join();
    }
  }

 private:
  void Work() {
    for (;;) {
      std::function<void()> task;
      {
        std::unique_lock<std::mutex> lock(mu_);
        changed_.wait(lock, [&] { return stopping_ || !tasks_.empty(); });
        if (tasks_.empty()) return;  // stopping, and drained
        task = std::move(tasks_.front());
        tasks_.pop_front();
      }
      task();
    }
  }

  std::mutex mu_;
  std::condition_variable changed_;
  std::deque<std::function<void()>> tasks_;
  bool stopping_ = false;
  std::vector<std::thread> threads_;
};

// A caller's wait for its task's result.
class Done {
 public:
  void Set() {
    std::lock_guard<std::mutex> lock(mu_);
    done_ = true;
    changed_.notify_all();
  }
  void Wait() {
    std::unique_lock<std::mutex> lock(mu_);
    changed_.wait(lock, [&] { return done_; });
  }

 private:
  std::mutex mu_;
  std::condition_variable changed_;
  bool done_ = false;
};

}  // namespace

int main() {
  Pool pool(2);
  Done done;
  std::thread client([&] {
    if (pool.Submit([&done] { done.Set(); })) done.Wait();
  });
  pool.Shutdown();  // e.g. on a signal, while clients may still submit
  client.join();
  return 0;
}
