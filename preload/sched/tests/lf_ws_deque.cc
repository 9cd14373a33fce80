// Lock-free bug: a work-stealing deque whose owner takes the last item
// without racing the thief for it (the compare-and-swap on `top` that a
// correct Chase-Lev deque makes there is missing), so owner and thief can
// both take it. Exits 1 when an item was taken twice.
#include <pthread.h>

#include <atomic>
#include <cstdio>

namespace {

constexpr int kItems = 3000, kSize = 4096;
std::atomic<int> top{0}, bottom{0};
std::atomic<int> items[kSize];
std::atomic<int> taken[kItems];
std::atomic<bool> done{false};

void Take(int item) { taken[item].fetch_add(1); }

void* Owner(void*) {
  for (int i = 0; i < kItems; ++i) {
    int b = bottom.load();
    items[b % kSize].store(i);
    bottom.store(b + 1);
    if (i % 2 == 1) {  // pop one of every two pushed
      b = bottom.load() - 1;
      bottom.store(b);
      int t = top.load();
      if (t <= b) {
        Take(items[b % kSize].load());  // the bug: no CAS when t == b
      } else {
        bottom.store(b + 1);
      }
    }
  }
  done.store(true);
  return nullptr;
}

void* Thief(void*) {
  while (!done.load() || top.load() < bottom.load()) {
    int t = top.load();
    if (t < bottom.load()) {
      int item = items[t % kSize].load();
      if (top.compare_exchange_strong(t, t + 1)) Take(item);
    }
  }
  return nullptr;
}

}  // namespace

int main() {
  pthread_t owner, thief;
  pthread_create(&owner, nullptr, Owner, nullptr);
  pthread_create(&thief, nullptr, Thief, nullptr);
  pthread_join(owner, nullptr);
  pthread_join(thief, nullptr);
  int twice = 0;
  for (const std::atomic<int>& t : taken) twice += t.load() > 1;
  std::printf("items taken twice: %d\n", twice);
  return twice == 0 ? 0 : 1;
}
