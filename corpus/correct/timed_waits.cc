// Correct: sleeps and timed waits whose outcome the program forces: a timedlock
// and a sem_timedwait that must time out, a wait_for that must not, nanosleep
// and sleep_for.
#include <errno.h>
#include <pthread.h>
#include <semaphore.h>
#include <time.h>

#include <chrono>
#include <condition_variable>
#include <mutex>
#include <thread>

#include "corpus/corpus.h"

namespace {

timespec In(long ms) {
  timespec t;
  clock_gettime(CLOCK_REALTIME, &t);
  t.tv_nsec += ms * 1000000;
  t.tv_sec += t.tv_nsec / 1000000000;
  t.tv_nsec %= 1000000000;
  return t;
}

}  // namespace

int main() {
  pthread_mutex_t held = PTHREAD_MUTEX_INITIALIZER;
  sem_t tried, never;
  sem_init(&tried, 0, 0);
  sem_init(&never, 0, 0);
  pthread_mutex_lock(&held);  // held until the other thread has tried it
  int timedlock = -1, semwait = 0, sem_errno = 0;
  std::thread other([&] {
    timespec t = In(5);
    timedlock = pthread_mutex_timedlock(&held, &t);
    t = In(5);
    semwait = sem_timedwait(&never, &t);  // nobody posts: it must time out
    sem_errno = errno;
    sem_post(&tried);
  });
  const timespec nap{0, 2000000};
  nanosleep(&nap, nullptr);
  sem_wait(&tried);
  pthread_mutex_unlock(&held);
  other.join();
  CORPUS_CHECK(timedlock == ETIMEDOUT, "timedlock on a held mutex gave %d",
               timedlock);
  CORPUS_CHECK(semwait == -1 && sem_errno == ETIMEDOUT,
               "sem_timedwait nobody posts gave %d (errno %d)", semwait,
               sem_errno);

  // wait_for with a generous timeout and a notifier that sleeps first.
  std::mutex mu;
  std::condition_variable cv;
  bool ready = false;
  std::thread notifier([&] {
    std::this_thread::sleep_for(std::chrono::milliseconds(2));
    std::lock_guard<std::mutex> lock(mu);
    ready = true;
    cv.notify_one();
  });
  {
    std::unique_lock<std::mutex> lock(mu);
    CORPUS_CHECK(
        cv.wait_for(lock, std::chrono::seconds(30), [&] { return ready; }),
        "wait_for timed out");
  }
  notifier.join();
  sem_destroy(&tried);
  sem_destroy(&never);
  return 0;
}
