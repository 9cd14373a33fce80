// Correct: std::counting_semaphore (three producers, two consumers) and
// std::binary_semaphore (libstdc++ 12 waits in the futex through
// syscall()), and a POSIX sem_t.
#include <semaphore.h>

#include <atomic>
#include <cstdio>
#include <semaphore>
#include <thread>
#include <vector>

int main() {
  std::counting_semaphore<16> items(0);
  std::binary_semaphore ping(0), pong(0);
  sem_t done;
  sem_init(&done, 0, 0);
  std::vector<std::thread> producers;
  for (int p = 0; p < 3; ++p) {
    producers.emplace_back([&] {
      for (int i = 0; i < 4; ++i) items.release();
      sem_post(&done);
    });
  }
  std::thread echo([&] {
    for (int i = 0; i < 5; ++i) {
      ping.acquire();
      pong.release();
    }
  });
  for (int i = 0; i < 5; ++i) {
    ping.release();
    pong.acquire();
  }
  std::atomic<int> taken{0};
  std::thread consumer([&] {
    for (int i = 0; i < 6; ++i, ++taken) items.acquire();
  });
  for (int i = 0; i < 6; ++i, ++taken) items.acquire();
  consumer.join();
  for (int p = 0; p < 3; ++p) sem_wait(&done);
  for (std::thread& t : producers) t.join();
  echo.join();
  sem_destroy(&done);
  std::printf("taken %d\n", taken.load());
  return taken == 12 ? 0 : 1;
}
