// Correct: sleeping threads (usleep, nanosleep, sleep_for, sleep_until,
// clock_nanosleep) hand a token round through a mutex; the program checks
// that no sleep ended early by the clock.
#include <pthread.h>
#include <time.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <mutex>
#include <thread>

int main() {
  std::mutex mutex;
  int early = 0, steps = 0;
  auto check = [&](auto start, std::chrono::microseconds asked) {
    std::lock_guard<std::mutex> lock(mutex);
    if (std::chrono::steady_clock::now() - start < asked) ++early;
    ++steps;
  };
  std::thread a([&] {
    for (int i = 0; i < 3; ++i) {
      auto t = std::chrono::steady_clock::now();
      usleep(300);
      check(t, std::chrono::microseconds(300));
      t = std::chrono::steady_clock::now();
      std::this_thread::sleep_for(std::chrono::microseconds(200));
      check(t, std::chrono::microseconds(200));
    }
  });
  std::thread b([&] {
    for (int i = 0; i < 3; ++i) {
      auto t = std::chrono::steady_clock::now();
      timespec req{0, 250000};
      nanosleep(&req, nullptr);
      check(t, std::chrono::microseconds(250));
      t = std::chrono::steady_clock::now();
      std::this_thread::sleep_until(t + std::chrono::microseconds(150));
      check(t, std::chrono::microseconds(150));
      t = std::chrono::steady_clock::now();
      timespec at;
      clock_gettime(CLOCK_MONOTONIC, &at);
      at.tv_nsec += 100000;
      if (at.tv_nsec >= 1000000000) at.tv_sec += 1, at.tv_nsec -= 1000000000;
      clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &at, nullptr);
      check(t, std::chrono::microseconds(100));
    }
  });
  a.join();
  b.join();
  std::printf("steps %d early %d\n", steps, early);
  return steps == 15 && early == 0 ? 0 : 1;
}
