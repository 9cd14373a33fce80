// The scheduler's cost per lock/unlock pair, timed inside the worker threads
// (process start-up and thread creation are not in it). `uncontended`: one
// thread locks a mutex no one else wants while main waits in join. `contended`:
// two threads take one mutex in turns as fast as they can. Prints "<mode> <ns
// per pair>".
#include <pthread.h>

#include <chrono>
#include <cstdio>
#include <cstring>

namespace {

using Clock = std::chrono::steady_clock;
constexpr int kPairs = 20000;
pthread_mutex_t mutex = PTHREAD_MUTEX_INITIALIZER;
long counter = 0;
Clock::time_point began[2], ended[2];

void* Work(void* arg) {
  long id = reinterpret_cast<long>(arg);
  began[id] = Clock::now();
  for (int i = 0; i < kPairs; ++i) {
    pthread_mutex_lock(&mutex);
    ++counter;
    pthread_mutex_unlock(&mutex);
  }
  ended[id] = Clock::now();
  return nullptr;
}

}  // namespace

int main(int argc, char** argv) {
  const bool contended = argc > 1 && std::strcmp(argv[1], "contended") == 0;
  if (argc < 2 || (!contended && std::strcmp(argv[1], "uncontended") != 0)) {
    std::fprintf(stderr, "usage: sched_cost uncontended|contended\n");
    return 2;
  }
  int threads = contended ? 2 : 1;
  pthread_t t[2];
  for (long i = 0; i < threads; ++i) {
    pthread_create(&t[i], nullptr, Work, reinterpret_cast<void*>(i));
  }
  for (int i = 0; i < threads; ++i) pthread_join(t[i], nullptr);
  // From the first thread's start to the last one's end.
  Clock::time_point first = began[0], last = ended[0];
  for (int i = 1; i < threads; ++i) {
    if (began[i] < first) first = began[i];
    if (ended[i] > last) last = ended[i];
  }
  auto ns = std::chrono::duration_cast<std::chrono::nanoseconds>(last - first)
                .count();
  std::printf("%s %.1f\n", argv[1],
              static_cast<double>(ns) / (kPairs * threads));
  return counter == static_cast<long>(kPairs) * threads ? 0 : 1;
}
