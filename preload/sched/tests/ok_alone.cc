// Correct: one thread sleeps and waits with time-outs alone (no other thread
// could end the waits: only time does), then starts a thread.
#include <pthread.h>
#include <time.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>

namespace {

pthread_mutex_t mutex = PTHREAD_MUTEX_INITIALIZER;
pthread_cond_t never = PTHREAD_COND_INITIALIZER;

void* Nothing(void*) { return nullptr; }

}  // namespace

int main() {
  usleep(1000);
  timespec req{0, 1000000};
  nanosleep(&req, nullptr);
  timespec at;
  clock_gettime(CLOCK_REALTIME, &at);
  at.tv_nsec += 2000000;
  if (at.tv_nsec >= 1000000000) at.tv_sec += 1, at.tv_nsec -= 1000000000;
  pthread_mutex_lock(&mutex);
  int timed_out = pthread_cond_timedwait(&never, &mutex, &at);
  pthread_mutex_unlock(&mutex);
  pthread_t t;
  pthread_create(&t, nullptr, Nothing, nullptr);
  pthread_join(t, nullptr);
  std::printf("timed out: %d\n", timed_out);
  return timed_out == ETIMEDOUT ? 0 : 1;
}
