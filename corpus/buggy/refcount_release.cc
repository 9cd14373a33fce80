// Bug: Borrow() reads the buffer under the registry lock but counts its
// reference after unlocking. Shows: assertion, a poisoned read: the owner
// retires the buffer (refs 1 -> 0, poisoned) in between. Fix: count it under
// the lock.
#include <atomic>
#include <mutex>
#include <thread>
#include <vector>

#include "corpus/corpus.h"

namespace {

constexpr int kPoisoned = -1;

// Never freed (no real use after free): release poisons it instead.
struct Buffer {
  std::atomic<int> refs{1};  // the registry's reference
  std::atomic<int> value{42};
};

void Release(Buffer* b) {
  if (b->refs.fetch_sub(1, std::memory_order_acq_rel) == 1)
    b->value.store(kPoisoned, std::memory_order_relaxed);
}

class Registry {
 public:
  explicit Registry(Buffer* b) : current_(b) {}
  Buffer* Borrow() {
#ifdef CORPUS_FIXED
    std::lock_guard<std::mutex> lock(mu_);
    Buffer* b = current_;
    if (b != nullptr) b->refs.fetch_add(1, std::memory_order_relaxed);
    return b;
#else
    Buffer* b = nullptr;
    {
      std::lock_guard<std::mutex> lock(mu_);
      b = current_;
    }
    CORPUS_WINDOW();
    if (b != nullptr) b->refs.fetch_add(1, std::memory_order_relaxed);
    return b;
#endif
  }
  void Retire() {
    Buffer* b = nullptr;
    {
      std::lock_guard<std::mutex> lock(mu_);
      b = current_;
      current_ = nullptr;
    }
    if (b != nullptr) Release(b);
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
      const int value = b->value.load(std::memory_order_relaxed);
      CORPUS_CHECK(value != kPoisoned,
                   "read a released buffer: its reference was taken after "
                   "the registry lock was dropped");
      Release(b);
    });
  }
  threads.emplace_back([&registry] { registry.Retire(); });
  for (std::thread& t : threads) t.join();
  return 0;
}
