// Correct: std::call_once from four threads, the once function taking a
// mutex (a scheduling point inside TSan's pthread_once, where the other
// callers wait in TSan's runtime: the slice rule moves the turn on).
#include <cstdio>
#include <mutex>
#include <thread>
#include <vector>

int main() {
  std::once_flag once;
  std::mutex mutex;
  int initialised = 0, calls = 0;
  std::vector<std::thread> threads;
  for (int i = 0; i < 4; ++i) {
    threads.emplace_back([&] {
      std::call_once(once, [&] {
        std::lock_guard<std::mutex> lock(mutex);
        ++initialised;
      });
      std::lock_guard<std::mutex> lock(mutex);
      ++calls;
    });
  }
  for (std::thread& t : threads) t.join();
  std::printf("initialised %d calls %d\n", initialised, calls);
  return initialised == 1 && calls == 4 ? 0 : 1;
}
