// Bug: the worker finds its inbox empty and marks itself asleep in two locked
// sections, then blocks in read() on an eventfd. Shows: hang: a post between
// the sections sees it awake and writes nothing. Fix: one locked section.
#include <sys/eventfd.h>
#include <unistd.h>

#include <cstdint>
#include <deque>
#include <mutex>
#include <thread>

#include "corpus/corpus.h"

namespace {

class Inbox {
 public:
  Inbox() : wake_fd_(eventfd(0, EFD_CLOEXEC)) {
    CORPUS_CHECK(wake_fd_ >= 0, "eventfd failed");
  }
  ~Inbox() { close(wake_fd_); }
  void Post(int message) {
    bool wake = false;
    {
      std::lock_guard<std::mutex> lock(mu_);
      messages_.push_back(message);
      wake = sleeping_;
    }
    if (wake) {
      const std::uint64_t one = 1;
      CORPUS_CHECK(write(wake_fd_, &one, sizeof one) == sizeof one,
                   "eventfd write failed");
    }
  }
  int Receive() {
    for (;;) {
      {
        std::lock_guard<std::mutex> lock(mu_);
        if (!messages_.empty()) {
          const int message = messages_.front();
          messages_.pop_front();
          sleeping_ = false;
          return message;
        }
#ifdef CORPUS_FIXED
        sleeping_ = true;
#endif
      }
#ifndef CORPUS_FIXED
      CORPUS_WINDOW();
      {
        std::lock_guard<std::mutex> lock(mu_);
        sleeping_ = true;
      }
#endif
      std::uint64_t count = 0;
      CORPUS_CHECK(read(wake_fd_, &count, sizeof count) == sizeof count,
                   "eventfd read failed");
    }
  }

 private:
  const int wake_fd_;
  std::mutex mu_;
  std::deque<int> messages_;
  bool sleeping_ = false;  // the worker is (about to be) blocked in read()
};

}  // namespace

int main() {
  Inbox inbox;
  int received = 0;
  std::thread worker([&] { received = inbox.Receive(); });
  std::thread poster([&] { inbox.Post(7); });
  poster.join();
  worker.join();
  CORPUS_CHECK(received == 7, "received %d", received);
  return 0;
}
