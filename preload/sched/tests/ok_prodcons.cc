// Correct: a bounded buffer with a pthread mutex and two condition
// variables, two producers and two consumers; one consumer uses
// pthread_cond_timedwait. Exits 1 if an item is lost or duplicated.
#include <pthread.h>
#include <time.h>

#include <cstdio>

namespace {

constexpr int kItems = 40, kCapacity = 3;
pthread_mutex_t mutex = PTHREAD_MUTEX_INITIALIZER;
pthread_cond_t not_full = PTHREAD_COND_INITIALIZER;
pthread_cond_t
    not_empty;  // initialised in main: pthread_cond_init is wrapped too
int buffer[kCapacity], head = 0, count = 0, produced = 0, consumed = 0;
long sum = 0;

void* Produce(void*) {
  for (;;) {
    pthread_mutex_lock(&mutex);
    while (count == kCapacity && produced < kItems)
      pthread_cond_wait(&not_full, &mutex);
    if (produced == kItems) break;
    buffer[(head + count++) % kCapacity] = ++produced;
    pthread_cond_signal(&not_empty);
    pthread_mutex_unlock(&mutex);
  }
  pthread_cond_broadcast(&not_empty);
  pthread_mutex_unlock(&mutex);
  return nullptr;
}

void* Consume(void* timed) {
  for (;;) {
    pthread_mutex_lock(&mutex);
    while (count == 0 && consumed < kItems) {
      if (timed != nullptr) {
        timespec t;
        clock_gettime(CLOCK_REALTIME, &t);
        t.tv_nsec += 2000000;  // 2 ms, so that some waits time out
        if (t.tv_nsec >= 1000000000) t.tv_sec += 1, t.tv_nsec -= 1000000000;
        pthread_cond_timedwait(&not_empty, &mutex, &t);
      } else {
        pthread_cond_wait(&not_empty, &mutex);
      }
    }
    if (count == 0) break;
    sum += buffer[head];
    head = (head + 1) % kCapacity;
    --count;
    ++consumed;
    pthread_cond_signal(&not_full);
    pthread_mutex_unlock(&mutex);
  }
  pthread_cond_broadcast(&not_empty);
  pthread_mutex_unlock(&mutex);
  return nullptr;
}

}  // namespace

int main() {
  pthread_cond_init(&not_empty, nullptr);
  pthread_t threads[4];
  pthread_create(&threads[0], nullptr, Produce, nullptr);
  pthread_create(&threads[1], nullptr, Produce, nullptr);
  pthread_create(&threads[2], nullptr, Consume, nullptr);
  pthread_create(&threads[3], nullptr, Consume,
                 reinterpret_cast<void*>(1));  // timed
  for (pthread_t t : threads) pthread_join(t, nullptr);
  pthread_cond_destroy(&not_empty);
  std::printf("consumed %d sum %ld\n", consumed, sum);
  return consumed == kItems && sum == kItems * (kItems + 1) / 2 ? 0 : 1;
}
