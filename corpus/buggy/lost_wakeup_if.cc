// Bug: `if (empty) wait` instead of a while loop. Shows: assertion, woken to
// an empty queue: A waits; the producer pushes and notifies A, but B, just
// arriving, takes the lock and the item first. Fix: wait with the predicate.
#include <condition_variable>
#include <deque>
#include <mutex>
#include <thread>

#include "corpus/corpus.h"

namespace {

class Channel {
 public:
  void Send(int item) {
    std::lock_guard<std::mutex> lock(mu_);
    CORPUS_WINDOW();
    items_.push_back(item);
    nonempty_.notify_one();
  }
  int Receive() {
    std::unique_lock<std::mutex> lock(mu_);
#ifdef CORPUS_FIXED
    nonempty_.wait(lock, [&] { return !items_.empty(); });
#else
    if (items_.empty()) nonempty_.wait(lock);
#endif
    CORPUS_CHECK(!items_.empty(),
                 "woken with an empty queue: another consumer took the item "
                 "('if' instead of 'while')");
    const int item = items_.front();
    items_.pop_front();
    return item;
  }

 private:
  std::mutex mu_;
  std::condition_variable nonempty_;
  std::deque<int> items_;
};

}  // namespace

int main() {
  Channel channel;
  int a = 0, b = 0;
  std::thread consumer_a([&] { a = channel.Receive(); });
  std::thread producer([&] {
    channel.Send(1);
    channel.Send(2);
  });
  std::thread consumer_b([&] { b = channel.Receive(); });
  consumer_a.join();
  producer.join();
  consumer_b.join();
  CORPUS_CHECK(a + b == 3, "received %d and %d", a, b);
  return 0;
}
