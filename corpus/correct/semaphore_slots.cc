// Correct: std::counting_semaphore bounds how many threads use a resource at
// once and a std::binary_semaphore hands a token back and forth (libstdc++ 12:
// futex, not pthread).
#include <atomic>
#include <semaphore>
#include <thread>
#include <vector>

#include "corpus/corpus.h"

int main() {
  constexpr int kSlots = 2, kThreads = 4;
  std::counting_semaphore<kSlots> slots(kSlots);
  std::atomic<int> inside{0}, most{0};
  std::vector<std::thread> users;
  for (int t = 0; t < kThreads; ++t) {
    users.emplace_back([&] {
      for (int i = 0; i < 2; ++i) {
        slots.acquire();
        const int now = inside.fetch_add(1) + 1;
        int seen = most.load();
        while (now > seen && !most.compare_exchange_weak(seen, now)) {
        }
        inside.fetch_sub(1);
        slots.release();
      }
    });
  }
  // Ping-pong: each side waits for its own semaphore, then posts the other.
  std::binary_semaphore ping(0), pong(0);
  int volleys = 0;  // ordered by the semaphores' hand-offs
  std::thread ponger([&] {
    for (int i = 0; i < 3; ++i) {
      ping.acquire();
      ++volleys;
      pong.release();
    }
  });
  for (int i = 0; i < 3; ++i) {
    ping.release();
    pong.acquire();
  }
  ponger.join();
  for (std::thread& t : users) t.join();
  CORPUS_CHECK(most.load() <= kSlots, "%d threads inside %d slots", most.load(),
               kSlots);
  CORPUS_CHECK(volleys == 3, "%d of 3 volleys", volleys);
  return 0;
}
