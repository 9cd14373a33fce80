// Correct: plain data published with a release store and read after an acquire
// load, and std::atomic::wait/notify_one for the reply (libstdc++ 12: futex,
// not pthread).
#include <atomic>
#include <string>
#include <thread>

#include "corpus/corpus.h"

namespace {

struct Message {
  int id = 0;
  std::string text;  // plain data: ordered by the flag's release/acquire
};

}  // namespace

int main() {
  Message message;
  std::atomic<bool> sent{false};
  std::atomic<int> reply{0};
  std::thread receiver([&] {
    while (!sent.load(std::memory_order_acquire)) std::this_thread::yield();
    CORPUS_CHECK(message.id == 7 && message.text == "hello",
                 "message read before it was written");
    reply.store(message.id * 2, std::memory_order_release);
    reply.notify_one();
  });
  message.id = 7;
  message.text = "hello";
  sent.store(true, std::memory_order_release);
  reply.wait(0, std::memory_order_acquire);
  receiver.join();
  CORPUS_CHECK(reply.load() == 14, "reply %d", reply.load());
  return 0;
}
