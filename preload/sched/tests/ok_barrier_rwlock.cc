// Correct: pthread barriers between rounds, readers and writers on a
// pthread rwlock, and a spin lock.
#include <pthread.h>

#include <atomic>
#include <cstdio>

namespace {

constexpr int kThreads = 3, kRounds = 4;
pthread_barrier_t barrier;
pthread_rwlock_t rwlock = PTHREAD_RWLOCK_INITIALIZER;
pthread_spinlock_t spin;
int value = 0, serial = 0, spun = 0;
std::atomic<int> bad{0};  // readers count what they got wrong

void* Run(void* arg) {
  long id = reinterpret_cast<long>(arg);
  for (int round = 0; round < kRounds; ++round) {
    if (id == 0) {
      pthread_rwlock_wrlock(&rwlock);
      ++value;
      pthread_rwlock_unlock(&rwlock);
    }
    if (pthread_barrier_wait(&barrier) == PTHREAD_BARRIER_SERIAL_THREAD) {
      pthread_spin_lock(&spin);
      ++serial;
      pthread_spin_unlock(&spin);
    }
    pthread_rwlock_rdlock(&rwlock);
    if (value != round + 1) ++bad;  // every reader sees this round's value
    pthread_rwlock_unlock(&rwlock);
    pthread_spin_lock(&spin);
    ++spun;
    pthread_spin_unlock(&spin);
    pthread_barrier_wait(&barrier);
  }
  return nullptr;
}

}  // namespace

int main() {
  pthread_barrier_init(&barrier, nullptr, kThreads);
  pthread_spin_init(&spin, PTHREAD_PROCESS_PRIVATE);
  pthread_t threads[kThreads];
  for (long i = 0; i < kThreads; ++i) {
    pthread_create(&threads[i], nullptr, Run, reinterpret_cast<void*>(i));
  }
  for (pthread_t t : threads) pthread_join(t, nullptr);
  pthread_barrier_destroy(&barrier);
  pthread_spin_destroy(&spin);
  std::printf("value %d serial %d spun %d bad %d\n", value, serial, spun,
              bad.load());
  return value == kRounds && serial == kRounds && spun == kThreads * kRounds &&
                 bad == 0
             ? 0
             : 1;
}
