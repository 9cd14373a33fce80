// Bug: a work-stealing deque's owner claims its last task with a store to top
// instead of a CAS. Shows: assertion, a task run twice: a thief reads top and
// bottom, the owner reads top, the thief's CAS wins, the owner's store too.
// Fix: the owner CASes top for the last task and yields it if the CAS fails.
#include <atomic>
#include <thread>
#include <vector>

#include "corpus/corpus.h"

namespace {

constexpr int kNone = -1;

class Deque {
 public:
  void Push(int task) {  // owner only
    const long b = bottom_.load();
    tasks_[b % kSize].store(task);
    bottom_.store(b + 1);
  }
  int Take() {  // owner only
    const long b = bottom_.load() - 1;
    bottom_.store(b);
    long t = top_.load();
    if (t > b) {  // empty
      bottom_.store(t);
      return kNone;
    }
    int task = tasks_[b % kSize].load();
    if (t == b) {  // the last task: a thief may be taking it too
      CORPUS_WINDOW();
#ifdef CORPUS_FIXED
      if (!top_.compare_exchange_strong(t, t + 1)) task = kNone;
#else
      top_.store(t + 1);  // claims the task even if a thief's CAS just did
#endif
      bottom_.store(t + 1);
    }
    return task;
  }
  int Steal() {  // any thief
    long t = top_.load();
    const long b = bottom_.load();
    if (t >= b) return kNone;
    CORPUS_WINDOW();
    const int task = tasks_[t % kSize].load();
    return top_.compare_exchange_strong(t, t + 1) ? task : kNone;
  }

 private:
  static constexpr long kSize = 8;  // more than the tasks ever queued
  std::atomic<long> top_{0}, bottom_{0};
  std::atomic<int> tasks_[kSize] = {};
};

constexpr int kTasks = 2;
std::atomic<int> runs[kTasks];

void Run(int task) {
  const int before = runs[task].fetch_add(1);
  CORPUS_CHECK(before == 0,
               "task %d ran twice: the owner and a thief both "
               "took the last task",
               task);
}

}  // namespace

int main() {
  Deque deque;
  std::vector<std::thread> threads;
  threads.emplace_back([&deque] {  // the owner
    for (int task = 0; task < kTasks; ++task) deque.Push(task);
    CORPUS_WINDOW();
    for (int task = deque.Take(); task != kNone; task = deque.Take()) Run(task);
  });
  for (int t = 0; t < 2; ++t) {
    threads.emplace_back([&deque] {  // thieves: a few tries each, then leave
      for (int attempt = 0; attempt < 2; ++attempt) {
        const int task = deque.Steal();
        if (task != kNone) Run(task);
      }
    });
  }
  for (std::thread& t : threads) t.join();
  for (int task = 0; task < kTasks; ++task) {
    CORPUS_CHECK(runs[task].load() == 1, "task %d ran %d times", task,
                 runs[task].load());
  }
  return 0;
}
