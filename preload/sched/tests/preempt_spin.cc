// Two threads compute in their own code, with no call at all between start
// and end: only a preemption can interleave them. Each notes how often it
// saw the other one's progress change.
#include <pthread.h>

#include <atomic>
#include <cstdio>

namespace {

std::atomic<long> progress[2];
long seen_change[2];

void* Compute(void* arg) {
  long me = reinterpret_cast<long>(arg), other = 1 - me;
  long last = progress[other].load(std::memory_order_relaxed);
  unsigned x = 1;
  for (long i = 0; i < 3000000; ++i) {
    x = x * 1103515245u + 12345u;  // local work, no instrumented access
    if ((i & 1023) == 0) {
      progress[me].store(i, std::memory_order_relaxed);
      long now = progress[other].load(std::memory_order_relaxed);
      seen_change[me] += now != last;
      last = now;
    }
  }
  return reinterpret_cast<void*>(static_cast<long>(x & 1));
}

}  // namespace

int main() {
  pthread_t t[2];
  for (long i = 0; i < 2; ++i)
    pthread_create(&t[i], nullptr, Compute, reinterpret_cast<void*>(i));
  for (pthread_t th : t) pthread_join(th, nullptr);
  std::printf("changes seen: %ld %ld\n", seen_change[0], seen_change[1]);
}
