// Correct: a std::latch start gate and a std::barrier whose completion step
// checks that every thread finished the phase before any starts the next.
#include <atomic>
#include <barrier>
#include <latch>
#include <thread>
#include <vector>

#include "corpus/corpus.h"

int main() {
  constexpr int kThreads = 3, kPhases = 3;
  std::atomic<int> done_in_phase{0};
  int phases = 0;  // written only by the completion step
  auto completion = [&]() noexcept {
    CORPUS_CHECK(done_in_phase.exchange(0) == kThreads,
                 "a phase completed with threads missing");
    ++phases;
  };
  std::barrier<decltype(completion)> barrier(kThreads, completion);
  std::latch start(kThreads + 1);
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&] {
      start.arrive_and_wait();
      for (int p = 0; p < kPhases; ++p) {
        done_in_phase.fetch_add(1);
        barrier.arrive_and_wait();
      }
    });
  }
  start.count_down();
  for (std::thread& t : threads) t.join();
  CORPUS_CHECK(phases == kPhases, "%d of %d phases", phases, kPhases);
  return 0;
}
