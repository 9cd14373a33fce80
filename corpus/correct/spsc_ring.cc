// Correct: a lock-free single-producer single-consumer ring done right: each
// side owns one index, publishes it with release and reads the other's with
// acquire; full/empty exact.
#include <atomic>
#include <cstddef>
#include <thread>

#include "corpus/corpus.h"

namespace {

class SpscRing {
 public:
  bool TryPush(int v) {  // producer only
    const size_t tail = tail_.load(std::memory_order_relaxed);
    if (tail - head_.load(std::memory_order_acquire) == kSlots) return false;
    slots_[tail % kSlots] = v;  // plain: published by the release below
    tail_.store(tail + 1, std::memory_order_release);
    return true;
  }
  bool TryPop(int* v) {  // consumer only
    const size_t head = head_.load(std::memory_order_relaxed);
    if (tail_.load(std::memory_order_acquire) == head) return false;
    *v = slots_[head % kSlots];
    head_.store(head + 1, std::memory_order_release);
    return true;
  }

 private:
  static constexpr size_t kSlots = 4;      // fewer than the items: it fills
  std::atomic<size_t> head_{0}, tail_{0};  // free-running counts
  int slots_[kSlots] = {};
};

}  // namespace

int main() {
  constexpr int kItems = 12;
  SpscRing ring;
  std::thread producer([&] {
    for (int i = 1; i <= kItems; ++i) {
      while (!ring.TryPush(i)) std::this_thread::yield();
    }
  });
  int expected = 1;
  while (expected <= kItems) {
    int v = 0;
    if (!ring.TryPop(&v)) {
      std::this_thread::yield();
      continue;
    }
    CORPUS_CHECK(v == expected, "got %d, expected %d", v, expected);
    ++expected;
  }
  producer.join();
  return 0;
}
