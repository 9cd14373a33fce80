// Correct: std::call_once initialises a shared table once however many threads
// race to it (under TSan, call_once runs inside TSan's own pthread_once).
#include <atomic>
#include <mutex>
#include <thread>
#include <vector>

#include "corpus/corpus.h"

namespace {

std::once_flag once;
std::atomic<int> inits{0};
int table[4];  // written once inside call_once, read after it

void Init() {
  inits.fetch_add(1);
  for (int i = 0; i < 4; ++i) table[i] = i * 3;
}

}  // namespace

int main() {
  std::vector<std::thread> threads;
  std::atomic<int> sum{0};
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&sum, t] {
      std::call_once(once, Init);
      sum.fetch_add(table[t]);
    });
  }
  for (std::thread& t : threads) t.join();
  CORPUS_CHECK(inits.load() == 1, "initialised %d times", inits.load());
  CORPUS_CHECK(sum.load() == 18, "sum %d", sum.load());
  return 0;
}
