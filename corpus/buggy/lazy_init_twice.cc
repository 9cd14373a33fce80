// Bug: double-checked lazy initialisation without the second check under the
// lock. Shows: assertion, built twice: two callers see ready == false before
// either takes the lock. Fix: check the flag again under the lock.
#include <atomic>
#include <mutex>
#include <thread>
#include <vector>

#include "corpus/corpus.h"

namespace {

class LazyTable {
 public:
  int Lookup(int key) {
    if (!ready_.load(std::memory_order_acquire)) {
      CORPUS_WINDOW();
      std::lock_guard<std::mutex> lock(mu_);
#ifdef CORPUS_FIXED
      if (!ready_.load(std::memory_order_relaxed)) Build();
#else
      Build();
#endif
    }
    return squares_[key].load(std::memory_order_relaxed);
  }
  int Builds() const { return builds_.load(std::memory_order_relaxed); }

 private:
  // Expensive and meant to run once (in a real program: opens files,
  // registers callbacks); the table's slots are atomics because a rebuild
  // may overlap a lookup.
  void Build() {
    builds_.fetch_add(1, std::memory_order_relaxed);
    for (int i = 0; i < kSize; ++i)
      squares_[i].store(i * i, std::memory_order_relaxed);
    ready_.store(true, std::memory_order_release);
  }

  static constexpr int kSize = 8;
  std::atomic<bool> ready_{false};
  std::mutex mu_;
  std::atomic<int> builds_{0};
  std::atomic<int> squares_[kSize] = {};
};

}  // namespace

int main() {
  LazyTable table;
  std::vector<std::thread> callers;
  for (int c = 0; c < 4; ++c) {
    callers.emplace_back([&table, c] {
      const int v = table.Lookup(c + 1);
      CORPUS_CHECK(v == (c + 1) * (c + 1), "lookup(%d) gave %d", c + 1, v);
    });
  }
  for (std::thread& t : callers) t.join();
  CORPUS_CHECK(table.Builds() == 1, "the table was built %d times",
               table.Builds());
  return 0;
}
