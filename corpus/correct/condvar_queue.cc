// Correct: std::condition_variable producer/consumer with wait(predicate) and a
// consumer that polls with wait_for (timed waits that may time out); every item
// arrives once.
#include <chrono>
#include <condition_variable>
#include <deque>
#include <mutex>
#include <thread>

#include "corpus/corpus.h"

int main() {
  constexpr int kItems = 6;
  std::mutex mu;
  std::condition_variable changed;
  std::deque<int> items;
  bool closed = false;
  int sum = 0, count = 0;
  auto consume = [&](bool timed) {
    std::unique_lock<std::mutex> lock(mu);
    for (;;) {
      auto ready = [&] { return !items.empty() || closed; };
      if (timed) {
        // A short timeout: some waits expire and the loop waits again.
        if (!changed.wait_for(lock, std::chrono::milliseconds(1), ready))
          continue;
      } else {
        changed.wait(lock, ready);
      }
      if (items.empty()) return;  // closed and drained
      sum += items.front();
      ++count;
      items.pop_front();
    }
  };
  std::thread waiting([&] { consume(false); });
  std::thread polling([&] { consume(true); });
  std::thread producer([&] {
    for (int i = 1; i <= kItems; ++i) {
      std::lock_guard<std::mutex> lock(mu);
      items.push_back(i);
      changed.notify_one();
    }
    std::lock_guard<std::mutex> lock(mu);
    closed = true;
    changed.notify_all();
  });
  producer.join();
  waiting.join();
  polling.join();
  CORPUS_CHECK(count == kItems && sum == kItems * (kItems + 1) / 2,
               "%d items summing to %d", count, sum);
  return 0;
}
