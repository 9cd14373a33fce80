// Bug: a polling consumer stops when a pop fails and then the queue reads
// closed. Shows: exit status 3: the producer pushes its last item and closes
// the queue between the consumer's failed pop and its check of closed.
// Fix: after seeing closed, drain the queue once more.
#include <cstdio>
#include <deque>
#include <mutex>
#include <thread>

#include "corpus/corpus.h"

namespace {

class Queue {
 public:
  void Push(int item) {
    std::lock_guard<std::mutex> lock(mu_);
    items_.push_back(item);
  }
  void Close() {
    std::lock_guard<std::mutex> lock(mu_);
    closed_ = true;
  }
  bool Closed() {
    std::lock_guard<std::mutex> lock(mu_);
    return closed_;
  }
  bool TryPop(int* item) {
    std::lock_guard<std::mutex> lock(mu_);
    if (items_.empty()) return false;
    *item = items_.front();
    items_.pop_front();
    return true;
  }

 private:
  std::mutex mu_;
  std::deque<int> items_;
  bool closed_ = false;
};

// The status a run that lost items exits with (the program's own check).
constexpr int kLostItems = 3;

}  // namespace

int main() {
  constexpr int kItems = 3;
  Queue queue;
  int consumed = 0;
  std::thread consumer([&] {
    for (;;) {
      int item = 0;
      if (queue.TryPop(&item)) {
        ++consumed;
        continue;
      }
      CORPUS_WINDOW();
      if (queue.Closed()) {
#ifdef CORPUS_FIXED
        while (queue.TryPop(&item)) ++consumed;
#endif
        break;
      }
      std::this_thread::yield();  // poll again
    }
  });
  std::thread producer([&] {
    for (int i = 0; i < kItems; ++i) queue.Push(i);
    queue.Close();
  });
  producer.join();
  consumer.join();
  if (consumed != kItems) {
    std::fprintf(stderr, "lost %d item(s) at shutdown\n", kItems - consumed);
    return kLostItems;
  }
  return 0;
}
