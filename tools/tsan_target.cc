// A tiny program with one concurrency bug per mode, hunted by the `mtbench
// hunt` end-to-end tests and the source of the recorded ThreadSanitizer
// reports in harness/testdata/tsan/ (record.sh there re-records them).
#include <pthread.h>
#include <signal.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace {

int shared_value = 0;  // raced on by Bump and Peek

__attribute__((noinline)) void Bump() { shared_value = shared_value + 1; }
__attribute__((noinline)) int Peek() { return shared_value; }

// Both roles run the same function, so two recordings differ only in which
// thread did what, and in thread ids and addresses.
__attribute__((noinline)) void Worker(bool write, int delay_ms) {
  std::this_thread::sleep_for(std::chrono::milliseconds(delay_ms));
  if (write) {
    Bump();
  } else {
    volatile int seen = Peek();
    (void)seen;
  }
}

// The second thread starts 100 ms later: long enough that the report's
// "previous" access is reliably the first thread's.
void Race(bool write_first) {
  std::thread first(Worker, write_first, 0);
  std::thread second(Worker, !write_first, 100);
  first.join();
  second.join();
}

// The race-free twin of Race: the same accesses under a mutex.
void Clean() {
  std::mutex m;
  std::vector<std::thread> threads;
  for (int i = 0; i < 2; ++i) {
    threads.emplace_back([&m] {
      for (int k = 0; k < 1000; ++k) {
        std::lock_guard<std::mutex> hold(m);
        Bump();
      }
    });
  }
  for (std::thread& t : threads) t.join();
}

std::mutex mutex_a, mutex_b;

__attribute__((noinline)) void LockAThenB() {
  std::lock_guard<std::mutex> a(mutex_a);
  std::lock_guard<std::mutex> b(mutex_b);
}
__attribute__((noinline)) void LockBThenA() {
  std::lock_guard<std::mutex> b(mutex_b);
  std::lock_guard<std::mutex> a(mutex_a);
}

// Opposite orders in two threads that never overlap: no hang, but the cycle
// is in the lock-order graph.
void LockOrder() {
  std::thread(LockAThenB).join();
  std::thread(LockBThenA).join();
}

void* Nothing(void*) { return nullptr; }

void ThreadLeak() {
  pthread_t t;
  pthread_create(&t, nullptr, Nothing, nullptr);
  usleep(100000);  // let it finish; it is never joined
}

// Set by the handler, polled by the main thread; seq_cst, nothing subtle.
std::atomic<bool> handled{false};
void* volatile kept;  // keeps the compiler from dropping malloc/free

void OnSignal(int) {
  kept = malloc(16);  // malloc is not async-signal-safe
  free(kept);
  handled.store(true);
}

// Sent by another thread while the main thread runs (not blocked), so the
// handler runs asynchronously, where ThreadSanitizer checks what it calls;
// the main thread passes through interceptors, where pending signals run.
void SignalUnsafe() {
  signal(SIGUSR1, OnSignal);
  pthread_t main_thread = pthread_self();
  std::thread sender([main_thread] { pthread_kill(main_thread, SIGUSR1); });
  std::mutex m;
  while (!handled.load()) {
    m.lock();
    m.unlock();
  }
  sender.join();
}

void UseAfterFree() {
  int* p = new int(0);
  std::thread t([p] {
    usleep(100000);
    *p = 1;
  });
  delete p;
  t.join();
}

void UnlockUnlocked() {
  pthread_mutex_t m = PTHREAD_MUTEX_INITIALIZER;
  pthread_mutex_unlock(&m);
}

void DestroyLocked() {
  pthread_mutex_t m;
  pthread_mutex_init(&m, nullptr);
  pthread_mutex_lock(&m);
  pthread_mutex_destroy(&m);
}

// A real deadlock: each thread holds one lock and waits for the other's.
// The 100 ms sleeps make both take their first lock before either takes its
// second, so the program hangs on every run.
void Hang() {
  std::mutex a, b;
  std::thread t1([&] {
    std::lock_guard<std::mutex> ha(a);
    usleep(100000);
    std::lock_guard<std::mutex> hb(b);
  });
  std::thread t2([&] {
    std::lock_guard<std::mutex> hb(b);
    usleep(100000);
    std::lock_guard<std::mutex> ha(a);
  });
  t1.join();
  t2.join();
}

void Segv() {
  volatile int* nowhere = nullptr;
  *nowhere = 1;
}

struct Mode {
  const char* name;
  void (*run)();
};
constexpr Mode kModes[] = {
    {"race-wr", [] { Race(true); }},
    {"race-rw", [] { Race(false); }},
    {"clean", Clean},
    {"lock-order", LockOrder},
    {"thread-leak", ThreadLeak},
    {"signal-unsafe", SignalUnsafe},
    {"use-after-free", UseAfterFree},
    {"unlock-unlocked", UnlockUnlocked},
    {"destroy-locked", DestroyLocked},
    {"hang", Hang},
    {"segv", Segv},
};

}  // namespace

int main(int argc, char** argv) {
  const Mode* mode = nullptr;
  for (const Mode& m : kModes) {
    if (argc > 1 && std::strcmp(argv[1], m.name) == 0) mode = &m;
  }
  if (mode == nullptr || argc > 3) {
    std::fprintf(stderr, "usage: tsan_target MODE [IDLE_THREADS]\nmodes:");
    for (const Mode& m : kModes) std::fprintf(stderr, " %s", m.name);
    std::fprintf(stderr, "\n");
    return 2;
  }
  // Idle threads first, so the interesting ones get other thread ids.
  const int idle = argc > 2 ? std::atoi(argv[2]) : 0;
  std::mutex m;
  std::condition_variable cv;
  bool done = false;
  std::vector<std::thread> idlers;
  for (int i = 0; i < idle; ++i) {
    idlers.emplace_back([&] {
      std::unique_lock<std::mutex> hold(m);
      cv.wait(hold, [&] { return done; });
    });
  }
  mode->run();
  {
    std::lock_guard<std::mutex> hold(m);
    done = true;
  }
  cv.notify_all();
  for (std::thread& t : idlers) t.join();
  return 0;
}
