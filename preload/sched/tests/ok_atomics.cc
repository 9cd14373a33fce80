// Correct: atomic counters, and a hand-off through std::atomic::wait and
// notify_one (futex through syscall() in libstdc++ 12).
#include <atomic>
#include <cstdio>
#include <thread>
#include <vector>

int main() {
  std::atomic<int> counter{0};
  std::atomic<int> turn{0};
  std::vector<std::thread> threads;
  for (int id = 0; id < 2; ++id) {
    threads.emplace_back([&, id] {
      for (int round = 0; round < 5; ++round) {
        int expected = 2 * round + id;
        int now;
        while ((now = turn.load()) != expected) turn.wait(now);
        counter.fetch_add(1);
        turn.store(expected + 1);
        turn.notify_all();
      }
    });
  }
  for (std::thread& t : threads) t.join();
  std::printf("counter %d\n", counter.load());
  return counter.load() == 10 ? 0 : 1;
}
