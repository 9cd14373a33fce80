// Bug: the log publishes an entry (relaxed fetch_add on count) before writing
// it; atomics only, no data race. Shows: assertion, an empty published entry:
// a reader loads count between the writer's fetch_add and store (no pthread
// call there). Fix: write the entry, then store count with release.
#include <atomic>
#include <thread>
#include <vector>

#include "corpus/corpus.h"

namespace {

class Log {
 public:
  // One writer.
  void Append(int value) {
#ifdef CORPUS_FIXED
    const int n = count_.load(std::memory_order_relaxed);
    entries_[n].store(value, std::memory_order_relaxed);
    count_.store(n + 1, std::memory_order_release);
#else
    const int n = count_.fetch_add(1, std::memory_order_relaxed);
    CORPUS_WINDOW();
    entries_[n].store(value, std::memory_order_relaxed);
#endif
  }
  // Any number of readers: every published entry must be written.
  void CheckPublished() {
    const int n = count_.load(std::memory_order_acquire);
    for (int i = 0; i < n; ++i) {
      const int v = entries_[i].load(std::memory_order_relaxed);
      CORPUS_CHECK(v != 0, "entry %d of %d is published but not written", i, n);
    }
  }

 private:
  static constexpr int kEntries = 4;
  std::atomic<int> count_{0};
  std::atomic<int> entries_[kEntries] = {};  // 0: not written
};

}  // namespace

int main() {
  Log log;
  std::vector<std::thread> threads;
  threads.emplace_back([&log] {
    for (int v = 1; v <= 3; ++v) log.Append(v);
  });
  for (int r = 0; r < 2; ++r)
    threads.emplace_back([&log] { log.CheckPublished(); });
  for (std::thread& t : threads) t.join();
  log.CheckPublished();
  return 0;
}
