// Bug: a reader that misses upgrades its shared lock in place. Shows: deadlock:
// two readers hold the lock shared, both miss, and each waits in Upgrade() for
// the other to leave. Fix: one upgrader; a second unlocks and locks anew.
#include <condition_variable>
#include <map>
#include <mutex>
#include <thread>

#include "corpus/corpus.h"

namespace {

// A reader/writer lock whose readers may upgrade to writer.
class UpgradableLock {
 public:
  void LockShared() {
    std::unique_lock<std::mutex> lock(mu_);
    changed_.wait(lock, [&] { return !writer_; });
    ++readers_;
  }
  void UnlockShared() {
    std::lock_guard<std::mutex> lock(mu_);
    --readers_;
    changed_.notify_all();
  }
  void Lock() {
    std::unique_lock<std::mutex> lock(mu_);
    changed_.wait(lock, [&] { return !writer_ && readers_ == 0; });
    writer_ = true;
  }
  // Shared to exclusive; false when another upgrade is in progress (the
  // caller then still holds its share).
  bool Upgrade() {
    std::unique_lock<std::mutex> lock(mu_);
#ifdef CORPUS_FIXED
    if (upgrading_) return false;
    upgrading_ = true;
#endif
    changed_.wait(lock, [&] { return readers_ == 1; });
    readers_ = 0;
    writer_ = true;
    upgrading_ = false;
    return true;
  }
  void Unlock() {
    std::lock_guard<std::mutex> lock(mu_);
    writer_ = false;
    changed_.notify_all();
  }

 private:
  std::mutex mu_;
  std::condition_variable changed_;
  int readers_ = 0;
  bool writer_ = false;
  bool upgrading_ = false;
};

class Cache {
 public:
  int Get(int key) {
    lock_.LockShared();
    auto it = values_.find(key);
    if (it != values_.end()) {
      const int value = it->second;
      lock_.UnlockShared();
      return value;
    }
    CORPUS_WINDOW();
    if (!lock_.Upgrade()) {
      lock_.UnlockShared();
      lock_.Lock();
    }
    const int value = values_.emplace(key, key * 10).first->second;
    lock_.Unlock();
    return value;
  }

 private:
  UpgradableLock lock_;
  std::map<int, int> values_;
};

}  // namespace

int main() {
  Cache cache;
  int a = 0, b = 0;
  std::thread reader_a([&] { a = cache.Get(7); });
  std::thread reader_b([&] { b = cache.Get(7); });
  reader_a.join();
  reader_b.join();
  CORPUS_CHECK(a == 70 && b == 70, "got %d and %d", a, b);
  return 0;
}
