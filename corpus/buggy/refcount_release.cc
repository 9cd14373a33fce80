// Bug: Borrow() reads the buffer under the registry lock but counts its
// reference (under the buffer's own lock) after unlocking the registry.
// Shows: assertion, a poisoned read: the owner retires the buffer (refs
// 1 -> 0, poisoned) in between. Fix: count it before unlocking the registry.
#include <mutex>
#include <thread>
#include <vector>

#include "corpus/corpus.h"

namespace {

constexpr int kPoisoned = -1;

// Never freed (no real use after free): the last release poisons it.
class Buffer {
 public:
  void Ref() {
    std::lock_guard<std::mutex> lock(mu_);
    ++refs_;
  }
  void Unref() {
    std::lock_guard<std::mutex> lock(mu_);
    if (--refs_ == 0) value_ = kPoisoned;
  }
  int Value() {
    std::lock_guard<std::mutex> lock(mu_);
    return value_;
  }

 private:
  std::mutex mu_;
  int refs_ = 1;  // the registry's reference
  int value_ = 42;
};

class Registry {
 public:
  explicit Registry(Buffer* b) : current_(b) {}
  Buffer* Borrow() {
    std::unique_lock<std::mutex> lock(mu_);
    Buffer* b = current_;
#ifdef CORPUS_FIXED
    if (b != nullptr) b->Ref();
#else
    lock.unlock();
    CORPUS_WINDOW();
    if (b != nullptr) b->Ref();
#endif
    return b;
  }
  void Retire() {
    Buffer* b = nullptr;
    {
      std::lock_guard<std::mutex> lock(mu_);
      b = current_;
      current_ = nullptr;
    }
    if (b != nullptr) b->Unref();
  }

 private:
  std::mutex mu_;
  Buffer* current_;
};

}  // namespace

int main() {
  static Buffer buffer;
  Registry registry(&buffer);
  std::vector<std::thread> threads;
  for (int r = 0; r < 2; ++r) {
    threads.emplace_back([&registry] {
      Buffer* b = registry.Borrow();
      if (b == nullptr) return;
      CORPUS_CHECK(b->Value() != kPoisoned,
                   "read a released buffer: its reference was taken after "
                   "the registry lock was dropped");
      b->Unref();
    });
  }
  threads.emplace_back([&registry] { registry.Retire(); });
  for (std::thread& t : threads) t.join();
  return 0;
}
