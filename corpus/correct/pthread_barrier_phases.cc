// Correct: threads compute in phases separated by pthread_barrier_wait; each
// phase reads the neighbours' results of the previous phase from the other half
// of a double buffer.
#include <pthread.h>

#include <thread>
#include <vector>

#include "corpus/corpus.h"

int main() {
  constexpr int kThreads = 3, kPhases = 3;
  pthread_barrier_t barrier;
  pthread_barrier_init(&barrier, nullptr, kThreads);
  int values[2][kThreads];  // [phase % 2][thread]
  for (int t = 0; t < kThreads; ++t) values[0][t] = t;
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      for (int p = 0; p < kPhases; ++p) {
        const int* in = values[p % 2];
        values[(p + 1) % 2][t] = in[t] + in[(t + 1) % kThreads];
        pthread_barrier_wait(&barrier);
      }
    });
  }
  for (std::thread& t : threads) t.join();
  pthread_barrier_destroy(&barrier);
  // Each phase adds the right neighbour: the total doubles every phase.
  int total = 0;
  for (int t = 0; t < kThreads; ++t) total += values[kPhases % 2][t];
  CORPUS_CHECK(total == 3 << kPhases, "total %d, expected %d", total,
               3 << kPhases);
  return 0;
}
