// Correct: std::condition_variable with wait_for (pthread_cond_clockwait in
// libstdc++ 12) and wait with a predicate, std::mutex, std::thread.
#include <chrono>
#include <condition_variable>
#include <cstdio>
#include <mutex>
#include <thread>
#include <vector>

int main() {
  std::mutex mutex;
  std::condition_variable changed;
  int stage = 0;
  std::vector<std::thread> threads;
  for (int id = 0; id < 3; ++id) {
    threads.emplace_back([&, id] {
      for (int round = 0; round < 4; ++round) {
        std::unique_lock<std::mutex> lock(mutex);
        // Each thread advances the stage when it is its turn.
        while (stage % 3 != id) {
          changed.wait_for(lock, std::chrono::milliseconds(1));
        }
        ++stage;
        changed.notify_all();
      }
    });
  }
  {
    std::unique_lock<std::mutex> lock(mutex);
    changed.wait(lock, [&] { return stage == 12; });
  }
  for (std::thread& t : threads) t.join();
  std::printf("stage %d\n", stage);
  return stage == 12 ? 0 : 1;
}
