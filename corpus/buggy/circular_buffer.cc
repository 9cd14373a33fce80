// Bug: a ring that keeps one slot free tests full against the slot count, so
// a full ring wraps onto its head. Shows: assertion, items lost: producers 2
// and 3 push before the consumer, woken by push 1, pops; the ring wraps.
// Fix: full at slot count - 1.
#include <condition_variable>
#include <latch>
#include <mutex>
#include <thread>
#include <vector>

#include "corpus/corpus.h"

namespace {

class Ring {
 public:
  void Push(int item) {
    std::unique_lock<std::mutex> lock(mu_);
    changed_.wait(lock, [&] { return !Full(); });
    slots_[tail_] = item;
    tail_ = (tail_ + 1) % kSlots;
    changed_.notify_all();
  }
  // False once the ring is closed and empty.
  bool Pop(int* item) {
    std::unique_lock<std::mutex> lock(mu_);
    changed_.wait(lock, [&] { return Size() > 0 || closed_; });
    if (Size() == 0) return false;
    *item = slots_[head_];
    head_ = (head_ + 1) % kSlots;
    changed_.notify_all();
    return true;
  }
  void Close() {
    std::lock_guard<std::mutex> lock(mu_);
    closed_ = true;
    changed_.notify_all();
  }

 private:
  // One slot stays free so that a full ring (tail one behind head) and an
  // empty one (tail == head) differ.
  static constexpr int kSlots = 3;
  int Size() const { return (tail_ - head_ + kSlots) % kSlots; }
#ifdef CORPUS_FIXED
  bool Full() const { return Size() == kSlots - 1; }
#else
  bool Full() const { return Size() == kSlots; }
#endif

  std::mutex mu_;
  std::condition_variable changed_;
  int slots_[kSlots] = {};
  int head_ = 0, tail_ = 0;
  bool closed_ = false;
};

}  // namespace

int main() {
  constexpr int kProducers = 3;
  Ring ring;
  int received = 0;
  std::latch consumer_started(1);
  std::thread consumer([&] {
    consumer_started.count_down();
    CORPUS_WINDOW();
    int item = 0;
    while (ring.Pop(&item)) ++received;
  });
  consumer_started.wait();  // producers start once the consumer is there
  std::vector<std::thread> producers;
  for (int p = 1; p <= kProducers; ++p)
    producers.emplace_back([&ring, p] { ring.Push(p); });
  for (std::thread& t : producers) t.join();
  ring.Close();
  consumer.join();
  CORPUS_CHECK(received == kProducers,
               "%d of %d items received: the ring wrapped onto its head",
               received, kProducers);
  return 0;
}
