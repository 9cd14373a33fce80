// Bug: waiters test an atomic flag outside the lock, then lock and wait.
// Shows: deadlock: a waiter reads false, the starter sets the flag and
// notifies all, then the waiter waits for ever. Fix: test it under the lock.
#include <atomic>
#include <condition_variable>
#include <mutex>
#include <thread>
#include <vector>

#include "corpus/corpus.h"

int main() {
  std::mutex mu;
  std::condition_variable cv;
  std::atomic<bool> started{false};
  std::atomic<int> running{0};
  std::vector<std::thread> waiters;
  for (int w = 0; w < 2; ++w) {
    waiters.emplace_back([&] {
#ifdef CORPUS_FIXED
      std::unique_lock<std::mutex> lock(mu);
      CORPUS_WINDOW();
      cv.wait(lock, [&] { return started.load(std::memory_order_acquire); });
#else
      while (!started.load(std::memory_order_acquire)) {
        CORPUS_WINDOW();
        std::unique_lock<std::mutex> lock(mu);
        cv.wait(lock);
      }
#endif
      running.fetch_add(1, std::memory_order_relaxed);
    });
  }
  std::thread starter([&] {
    started.store(true, std::memory_order_release);
    std::lock_guard<std::mutex> lock(mu);
    cv.notify_all();
  });
  starter.join();
  for (std::thread& t : waiters) t.join();
  CORPUS_CHECK(running.load() == 2, "%d of 2 waiters ran", running.load());
  return 0;
}
