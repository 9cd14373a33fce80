// Correct: a cache behind a pthread rwlock: readers share it (rdlock,
// tryrdlock), writers take it exclusively (wrlock, timedwrlock); readers never
// see a half-written entry.
#include <pthread.h>
#include <time.h>

#include <thread>
#include <vector>

#include "corpus/corpus.h"

namespace {

class Cache {
 public:
  Cache() { pthread_rwlock_init(&lock_, nullptr); }
  ~Cache() { pthread_rwlock_destroy(&lock_); }
  void Write(int version) {
    if (version % 2 == 0) {
      pthread_rwlock_wrlock(&lock_);
    } else {
      timespec deadline;
      clock_gettime(CLOCK_REALTIME, &deadline);
      deadline.tv_sec += 60;  // far away: the lock is always free by then
      CORPUS_CHECK(pthread_rwlock_timedwrlock(&lock_, &deadline) == 0,
                   "timedwrlock timed out");
    }
    key_ = version;
    value_ = version * 10;
    pthread_rwlock_unlock(&lock_);
  }
  void Read() {
    if (pthread_rwlock_tryrdlock(&lock_) != 0) pthread_rwlock_rdlock(&lock_);
    CORPUS_CHECK(value_ == key_ * 10, "torn entry %d/%d", key_, value_);
    pthread_rwlock_unlock(&lock_);
  }

 private:
  pthread_rwlock_t lock_;
  int key_ = 0, value_ = 0;
};

}  // namespace

int main() {
  Cache cache;
  std::vector<std::thread> threads;
  threads.emplace_back([&] {
    for (int v = 1; v <= 4; ++v) cache.Write(v);
  });
  for (int r = 0; r < 3; ++r) {
    threads.emplace_back([&] {
      for (int i = 0; i < 3; ++i) cache.Read();
    });
  }
  for (std::thread& t : threads) t.join();
  return 0;
}
