// A lost wake-up: the waiter waits without checking a predicate, so a
// signal sent before it waits is lost and it waits forever.
#include <pthread.h>

#include <cstdio>

namespace {

pthread_mutex_t mutex = PTHREAD_MUTEX_INITIALIZER;
pthread_cond_t ready = PTHREAD_COND_INITIALIZER;

void* Waiter(void*) {
  pthread_mutex_lock(&mutex);
  pthread_cond_wait(&ready, &mutex);  // the bug: no `while (!flag)`
  pthread_mutex_unlock(&mutex);
  return nullptr;
}

}  // namespace

int main() {
  pthread_t waiter;
  pthread_create(&waiter, nullptr, Waiter, nullptr);
  pthread_mutex_lock(&mutex);
  pthread_cond_signal(&ready);
  pthread_mutex_unlock(&mutex);
  pthread_join(waiter, nullptr);
  std::puts("woken");
}
