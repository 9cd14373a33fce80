// Two threads take two mutexes in opposite orders, with no delay between:
// a deadlock in the schedules that interleave the first locks.
#include <pthread.h>

#include <cstdio>

namespace {

pthread_mutex_t first = PTHREAD_MUTEX_INITIALIZER;
pthread_mutex_t second = PTHREAD_MUTEX_INITIALIZER;

void* Forward(void*) {
  pthread_mutex_lock(&first);
  pthread_mutex_lock(&second);
  pthread_mutex_unlock(&second);
  pthread_mutex_unlock(&first);
  return nullptr;
}

void* Backward(void*) {
  pthread_mutex_lock(&second);
  pthread_mutex_lock(&first);
  pthread_mutex_unlock(&first);
  pthread_mutex_unlock(&second);
  return nullptr;
}

}  // namespace

int main() {
  pthread_t a, b;
  pthread_create(&a, nullptr, Forward, nullptr);
  pthread_create(&b, nullptr, Backward, nullptr);
  pthread_join(a, nullptr);
  pthread_join(b, nullptr);
  std::puts("no deadlock");
}
