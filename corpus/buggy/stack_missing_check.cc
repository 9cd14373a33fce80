// Bug: Pop() lacks the empty check, trusting callers to test Size() first, but
// a caller's test and its pops are separate locked sections. Shows: assertion
// in Pop: A sees two items and pops one, B pops the other, A pops again.
// Fix: Pop() checks for empty itself and reports it.
#include <mutex>
#include <thread>
#include <vector>

#include "corpus/corpus.h"

namespace {

class Stack {
 public:
  void Push(int item) {
    std::lock_guard<std::mutex> lock(mu_);
    items_.push_back(item);
  }
  int Size() {
    std::lock_guard<std::mutex> lock(mu_);
    return static_cast<int>(items_.size());
  }
  // False when empty (the fix); the bug pops without looking.
  bool Pop(int* item) {
    std::lock_guard<std::mutex> lock(mu_);
#ifdef CORPUS_FIXED
    if (items_.empty()) return false;
#else
    CORPUS_CHECK(!items_.empty(),
                 "Pop on an empty stack: the caller's Size() was stale");
#endif
    *item = items_.back();
    items_.pop_back();
    return true;
  }

 private:
  std::mutex mu_;
  std::vector<int> items_;
};

}  // namespace

int main() {
  Stack stack;
  stack.Push(1);
  stack.Push(2);
  int pair_sum = 0, single = 0;
  std::thread pair_taker([&] {  // takes two items or none
    if (stack.Size() >= 2) {
      int a = 0, b = 0;
      if (stack.Pop(&a)) {
        CORPUS_WINDOW();
        if (stack.Pop(&b)) {
          pair_sum = a + b;
        } else {
          stack.Push(a);  // the fix's path: put half a pair back
        }
      }
    }
  });
  std::thread single_taker([&] {
    if (stack.Size() >= 1) stack.Pop(&single);
  });
  pair_taker.join();
  single_taker.join();
  int rest = 0, item = 0;
  while (stack.Size() > 0 && stack.Pop(&item)) rest += item;
  CORPUS_CHECK(pair_sum + single + rest == 3,
               "items 1 and 2 came out as %d + %d + %d", pair_sum, single,
               rest);
  return 0;
}
