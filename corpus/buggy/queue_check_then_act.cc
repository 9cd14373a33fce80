// Bug: consumers call Empty() and then Pop(), each locked but not together.
// Shows: assertion in Pop: with one item left, consumers A and B both see it
// and A pops it before B does. Fix: TryPop checks and pops in one section.
#include <deque>
#include <mutex>
#include <thread>
#include <vector>

#include "corpus/corpus.h"

namespace {

class WorkQueue {
 public:
  void Push(int item) {
    std::lock_guard<std::mutex> lock(mu_);
    items_.push_back(item);
  }
  bool Empty() {
    std::lock_guard<std::mutex> lock(mu_);
    return items_.empty();
  }
  int Pop() {
    std::lock_guard<std::mutex> lock(mu_);
    CORPUS_CHECK(!items_.empty(),
                 "Pop on an empty queue: another consumer took the item "
                 "between Empty() and Pop()");
    const int item = items_.front();
    items_.pop_front();
    return item;
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
};

}  // namespace

int main() {
  WorkQueue queue;
  queue.Push(1);
  queue.Push(2);
  std::vector<std::thread> consumers;
  for (int c = 0; c < 3; ++c) {
    consumers.emplace_back([&queue] {
#ifdef CORPUS_FIXED
      int item = 0;
      CORPUS_WINDOW();
      queue.TryPop(&item);
#else
      if (!queue.Empty()) {
        CORPUS_WINDOW();
        queue.Pop();
      }
#endif
    });
  }
  for (std::thread& t : consumers) t.join();
  CORPUS_CHECK(queue.Empty(), "an item was left behind");
  return 0;
}
