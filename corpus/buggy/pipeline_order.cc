// Bug: stage 1 appends a record slot (stage 2 sees the count grow) and fills
// it in a second locked section (order violation). Shows: assertion: stage 2
// checks between stage 1's two sections and reads a record not yet filled.
// Fix: append each record filled, in one locked section.
#include <condition_variable>
#include <mutex>
#include <thread>
#include <vector>

#include "corpus/corpus.h"

namespace {

// Stage 1's output: records in order, each filled once parsed.
class Records {
 public:
  void Add(int value) {
#ifdef CORPUS_FIXED
    CORPUS_WINDOW();
    std::lock_guard<std::mutex> lock(mu_);
    values_.push_back(value);
    added_.notify_one();
#else
    size_t slot = 0;
    {
      std::lock_guard<std::mutex> lock(mu_);
      slot = values_.size();
      values_.push_back(0);  // reserve the slot; parse outside the lock
    }
    CORPUS_WINDOW();
    std::lock_guard<std::mutex> lock(mu_);
    values_[slot] = value;
    added_.notify_one();
#endif
  }
  // Waits for record i.
  int Get(size_t i) {
    std::unique_lock<std::mutex> lock(mu_);
    added_.wait(lock, [&] { return values_.size() > i; });
    return values_[i];
  }

 private:
  std::mutex mu_;
  std::condition_variable added_;
  std::vector<int> values_;
};

}  // namespace

int main() {
  Records parsed;
  std::thread stage1([&] {
    for (int record : {1, 2, 3}) parsed.Add(record * 10);
  });
  std::thread stage2([&] {
    for (size_t i = 0; i < 3; ++i) {
      const int v = parsed.Get(i);
      CORPUS_CHECK(v != 0, "stage 2 read record %zu before stage 1 filled it",
                   i + 1);
    }
  });
  stage1.join();
  stage2.join();
  return 0;
}
