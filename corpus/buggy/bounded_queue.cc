// Bug: the bounded queue's full test is off by one (size > capacity, not >=).
// Shows: assertion, an item lost and one popped twice: the consumer, woken by
// the first push, has not popped yet when the third producer pushes into the
// full two-slot queue. Fix: wait while size >= capacity.
#include <condition_variable>
#include <latch>
#include <mutex>
#include <thread>
#include <vector>

#include "corpus/corpus.h"

namespace {

class BoundedQueue {
 public:
  void Push(int item) {
    std::unique_lock<std::mutex> lock(mu_);
#ifdef CORPUS_FIXED
    not_full_.wait(lock, [&] { return tail_ - head_ < kCapacity; });
#else
    not_full_.wait(lock, [&] { return tail_ - head_ <= kCapacity; });
#endif
    slots_[tail_ % kCapacity] = item;
    ++tail_;
    not_empty_.notify_one();
  }
  int Pop() {
    std::unique_lock<std::mutex> lock(mu_);
    not_empty_.wait(lock, [&] { return tail_ != head_; });
    const int item = slots_[head_ % kCapacity];
    ++head_;
    not_full_.notify_one();
    return item;
  }

 private:
  static constexpr unsigned kCapacity = 2;
  std::mutex mu_;
  std::condition_variable not_full_, not_empty_;
  int slots_[kCapacity] = {};
  unsigned head_ = 0, tail_ = 0;  // free-running: size is tail_ - head_
};

}  // namespace

int main() {
  constexpr int kProducers = 3;
  BoundedQueue queue;
  int popped[kProducers + 1] = {};  // how often each item 1..3 came out
  std::latch consumer_started(1);
  std::thread consumer([&] {
    consumer_started.count_down();
    CORPUS_WINDOW();
    for (int i = 0; i < kProducers; ++i) ++popped[queue.Pop()];
  });
  consumer_started.wait();  // producers start once the consumer is there
  std::vector<std::thread> producers;
  for (int p = 1; p <= kProducers; ++p)
    producers.emplace_back([&queue, p] { queue.Push(p); });
  for (std::thread& t : producers) t.join();
  consumer.join();
  for (int item = 1; item <= kProducers; ++item) {
    CORPUS_CHECK(popped[item] == 1,
                 "item %d popped %d times: a push overwrote a full slot", item,
                 popped[item]);
  }
  return 0;
}
