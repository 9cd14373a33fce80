// A thread that spins on an atomic flag and makes no pthread call: only the
// scheduler's slice rule lets the thread that sets the flag run.
#include <pthread.h>

#include <atomic>
#include <cstdio>

namespace {

std::atomic<bool> go{false};
pthread_mutex_t mutex = PTHREAD_MUTEX_INITIALIZER;

void* Spin(void*) {
  while (!go.load(std::memory_order_acquire)) {
  }
  return nullptr;
}

}  // namespace

int main() {
  pthread_t spinner;
  pthread_create(&spinner, nullptr, Spin, nullptr);
  // Scheduling points at which the spinner may be chosen to run first.
  for (int i = 0; i < 3; ++i) {
    pthread_mutex_lock(&mutex);
    pthread_mutex_unlock(&mutex);
  }
  go.store(true, std::memory_order_release);
  pthread_join(spinner, nullptr);
  std::puts("done");
}
