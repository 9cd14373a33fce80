// Correct: a small thread pool (mutex + condition variable task queue) running
// std::packaged_task jobs whose std::future results main collects (futex inside
// future).
#include <condition_variable>
#include <deque>
#include <functional>
#include <future>
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
  ~Pool() {
    {
      std::lock_guard<std::mutex> lock(mu_);
      stopping_ = true;
    }
    changed_.notify_all();
    for (std::thread& t : threads_) t.join();
  }
  std::future<int> Submit(std::function<int()> job) {
    std::packaged_task<int()> task(std::move(job));
    std::future<int> result = task.get_future();
    std::lock_guard<std::mutex> lock(mu_);
    tasks_.push_back(std::move(task));
    changed_.notify_one();
    return result;
  }

 private:
  void Work() {
    for (;;) {
      std::packaged_task<int()> task;
      {
        std::unique_lock<std::mutex> lock(mu_);
        changed_.wait(lock, [&] { return stopping_ || !tasks_.empty(); });
        if (tasks_.empty()) return;  // stopping and drained
        task = std::move(tasks_.front());
        tasks_.pop_front();
      }
      task();
    }
  }

  std::mutex mu_;
  std::condition_variable changed_;
  std::deque<std::packaged_task<int()>> tasks_;
  bool stopping_ = false;
  std::vector<std::thread> threads_;
};

}  // namespace

int main() {
  Pool pool(3);
  std::vector<std::future<int>> results;
  for (int i = 1; i <= 6; ++i)
    results.push_back(pool.Submit([i] { return i * i; }));
  int sum = 0;
  for (std::future<int>& r : results) sum += r.get();
  CORPUS_CHECK(sum == 91, "sum of squares 1..6 is %d, expected 91", sum);
  return 0;
}
