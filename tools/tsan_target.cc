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

// A shared helper chain, as in a bank: Transfer -> LockBoth -> Acquire. Each
// caller below inverts the lock order of its own pair of accounts, so
// ThreadSanitizer reports five independent lock-order inversions whose top
// three user frames are the same; only the callers beyond the chain differ.
struct Account {
  std::mutex m;
  int balance = 100;
};
Account accounts[10];

__attribute__((noinline)) void Acquire(Account& a) { a.m.lock(); }
__attribute__((noinline)) void LockBoth(Account& a, Account& b) {
  Acquire(a);
  Acquire(b);
}
__attribute__((noinline)) void Transfer(Account& from, Account& to) {
  LockBoth(from, to);
  from.balance -= 1;
  to.balance += 1;
  to.m.unlock();
  from.m.unlock();
}

// Two threads' bodies: the two sides of one bug.
struct Sides {
  void (*first)();
  void (*second)();
};

// One thread after the other: no hang, but a cycle per pair in the graph.
void LockOrderHelper() {
  const Sides pairs[] = {
      {[] { Transfer(accounts[0], accounts[1]); },
       [] { Transfer(accounts[1], accounts[0]); }},
      {[] { Transfer(accounts[2], accounts[3]); },
       [] { Transfer(accounts[3], accounts[2]); }},
      {[] { Transfer(accounts[4], accounts[5]); },
       [] { Transfer(accounts[5], accounts[4]); }},
      {[] { Transfer(accounts[6], accounts[7]); },
       [] { Transfer(accounts[7], accounts[6]); }},
      {[] { Transfer(accounts[8], accounts[9]); },
       [] { Transfer(accounts[9], accounts[8]); }},
  };
  for (const Sides& p : pairs) {
    std::thread(p.first).join();
    std::thread(p.second).join();
  }
}

// Every access of the eight races below is made on one of CopyCell's two
// lines (plain, atomic), three user frames deep (Mirror -> Sync -> CopyCell):
// the races differ in their callers, their access types (read, write,
// atomic) and their variables, each in an 8-byte granule of its own (TSan
// reports one race per granule).
alignas(8) int ledger, journal, audit, backup, tally, quota, limit, score;
thread_local int own;  // each thread's private cell

__attribute__((noinline)) void CopyCell(int* dst, const int* src, bool atomic) {
  if (atomic) {
    __atomic_store_n(dst, __atomic_load_n(src, __ATOMIC_RELAXED),
                     __ATOMIC_RELAXED);
  } else {
    *dst = *src;
  }
}
__attribute__((noinline)) void Sync(int* dst, const int* src, bool atomic) {
  CopyCell(dst, src, atomic);
}
__attribute__((noinline)) void Mirror(int* dst, const int* src,
                                      bool atomic = false) {
  Sync(dst, src, atomic);
}

// Both sides of each race run at once (no join between them), so each race
// is reported whatever the timing.
void RacesThroughHelper() {
  const Sides races[] = {
      {[] { Mirror(&ledger, &own); }, [] { Mirror(&ledger, &own); }},
      {[] { Mirror(&journal, &own); }, [] { Mirror(&own, &journal); }},
      {[] { Mirror(&audit, &own, true); }, [] { Mirror(&own, &audit); }},
      {[] { Mirror(&backup, &own); }, [] { Mirror(&own, &backup, true); }},
      {[] { Mirror(&tally, &own, true); }, [] { Mirror(&tally, &own); }},
      {[] { Mirror(&own, &quota); }, [] { Mirror(&quota, &own); }},
      {[] { Mirror(&limit, &own); }, [] { Mirror(&limit, &own, true); }},
      {[] { Mirror(&own, &score, true); }, [] { Mirror(&score, &own); }},
  };
  for (const Sides& r : races) {
    std::thread a(r.first), b(r.second);
    a.join();
    b.join();
  }
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
    {"lock-order-helper", LockOrderHelper},
    {"races-helper", RacesThroughHelper},
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
