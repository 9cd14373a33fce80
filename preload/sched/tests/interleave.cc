// Prints the order in which three threads took a mutex: the scheduler's
// decisions made visible (the same seed must print the same line).
#include <pthread.h>

#include <cstdio>

namespace {

pthread_mutex_t mutex = PTHREAD_MUTEX_INITIALIZER;
char order[64];
int length = 0;

void* Append(void* letter) {
  for (int i = 0; i < 5; ++i) {
    pthread_mutex_lock(&mutex);
    order[length++] = static_cast<char>(reinterpret_cast<long>(letter));
    pthread_mutex_unlock(&mutex);
  }
  return nullptr;
}

}  // namespace

int main() {
  pthread_t threads[3];
  for (long i = 0; i < 3; ++i) {
    pthread_create(&threads[i], nullptr, Append,
                   reinterpret_cast<void*>('A' + i));
  }
  for (pthread_t t : threads) pthread_join(t, nullptr);
  std::printf("%s\n", order);
}
