// Correct: a small thread pool (a task queue under a std::mutex, workers
// waiting on a std::condition_variable) running 30 tasks.
#include <condition_variable>
#include <cstdio>
#include <deque>
#include <functional>
#include <mutex>
#include <thread>
#include <vector>

int main() {
  std::mutex mutex;
  std::condition_variable work, idle;
  std::deque<std::function<void()>> tasks;
  bool stop = false;
  int pending = 0;
  long total = 0;
  std::vector<std::thread> workers;
  for (int w = 0; w < 3; ++w) {
    workers.emplace_back([&] {
      std::unique_lock<std::mutex> lock(mutex);
      for (;;) {
        work.wait(lock, [&] { return stop || !tasks.empty(); });
        if (tasks.empty()) return;
        std::function<void()> task = std::move(tasks.front());
        tasks.pop_front();
        lock.unlock();
        task();
        lock.lock();
        if (--pending == 0) idle.notify_all();
      }
    });
  }
  for (int i = 1; i <= 30; ++i) {
    std::lock_guard<std::mutex> lock(mutex);
    ++pending;
    tasks.push_back([&, i] {
      std::lock_guard<std::mutex> inner(mutex);
      total += i;
    });
    work.notify_one();
  }
  {
    std::unique_lock<std::mutex> lock(mutex);
    idle.wait(lock, [&] { return pending == 0; });
    stop = true;
  }
  work.notify_all();
  for (std::thread& t : workers) t.join();
  std::printf("total %ld\n", total);
  return total == 465 ? 0 : 1;
}
