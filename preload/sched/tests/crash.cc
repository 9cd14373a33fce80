// A run that dies by a signal: two threads take a mutex in turns, then one
// aborts. The schedule up to the crash must survive it.
#include <pthread.h>

#include <cstdlib>

namespace {

pthread_mutex_t mutex = PTHREAD_MUTEX_INITIALIZER;
int taken = 0;

void* Take(void*) {
  for (int i = 0; i < 5; ++i) {
    pthread_mutex_lock(&mutex);
    if (++taken == 7) std::abort();
    pthread_mutex_unlock(&mutex);
  }
  return nullptr;
}

}  // namespace

int main() {
  pthread_t a, b;
  pthread_create(&a, nullptr, Take, nullptr);
  pthread_create(&b, nullptr, Take, nullptr);
  pthread_join(a, nullptr);
  pthread_join(b, nullptr);
}
