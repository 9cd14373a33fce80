// libmtpin.so: pins each thread of a program it is preloaded into to the PU
// the pin plan gives its worker slot, and reports where each thread ran.
//
// Worker slots follow Google Benchmark's thread model: a benchmark with N
// threads runs thread_index 0 on the main thread and creates threads 1..N-1
// in that order for every run, joining them all before the next run. So the
// main thread holds slot 0 and a new thread takes the lowest slot no live
// thread holds: thread_index k lands on slot k, run after run.
//
// Environment (set by mtbench, removed here so that programs the benchmark
// executes do not inherit them):
//   MTBENCH_PIN_PUS  PU os indexes in worker order ("0,1"); slot k gets
//                    PU k modulo their count. Absent: nothing is pinned.
//   MTBENCH_PIN_FD   where to write one line per thread:
//                    "mtbench-pin: slot=K pu=P cpu=C verified=V".
// It also makes stdout line-buffered, so that a console written to a pipe
// arrives line by line, in order with what the program writes to stderr.
#include <dlfcn.h>
#include <pthread.h>
#include <sched.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <atomic>

namespace {

// More worker slots than any machine has PUs; threads beyond share the last.
constexpr int kMaxSlots = 4096;
constexpr int kMaxPus = 1024;

int pus[kMaxPus];
int pu_count = 0;
int report_fd = -1;
std::atomic<bool> slot_taken[kMaxSlots];
pthread_key_t slot_key;

using CreateFn = int (*)(pthread_t*, const pthread_attr_t*, void* (*)(void*),
                         void*);
CreateFn real_create = nullptr;

struct Start {
  void* (*fn)(void*);
  void* arg;
};

// Binds the calling thread as worker `slot` and reports it in one write (a
// line under PIPE_BUF bytes is never interleaved with another writer's).
void PinAndReport(int slot) {
  int pu = -1, verified = 0;
  if (pu_count > 0) {
    pu = pus[slot % pu_count];
    cpu_set_t want, got;
    CPU_ZERO(&want);
    CPU_SET(pu, &want);
    if (sched_setaffinity(0, sizeof want, &want) == 0 &&
        sched_getaffinity(0, sizeof got, &got) == 0) {
      verified = CPU_EQUAL(&want, &got) ? 1 : 0;
    }
  }
  if (report_fd < 0) return;
  char line[128];
  int n = snprintf(line, sizeof line,
                   "mtbench-pin: slot=%d pu=%d cpu=%d verified=%d\n", slot, pu,
                   sched_getcpu(), verified);
  if (n > 0) (void)!write(report_fd, line, static_cast<size_t>(n));
}

int TakeSlot() {
  for (int s = 1; s < kMaxSlots; ++s) {
    bool expected = false;
    // acq_rel: pairs with the release in FreeSlot, so a slot is reused only
    // after the thread that held it has let go.
    if (slot_taken[s].compare_exchange_strong(expected, true,
                                              std::memory_order_acq_rel)) {
      return s;
    }
  }
  return kMaxSlots - 1;
}

// The key's destructor runs as the thread exits, by return or pthread_exit,
// before a joiner can return: the next run's threads find their slots free.
void FreeSlot(void* value) {
  const auto slot = reinterpret_cast<intptr_t>(value) - 1;
  if (slot > 0 && slot < kMaxSlots - 1) {
    slot_taken[slot].store(false, std::memory_order_release);
  }
}

void* Trampoline(void* raw) {
  Start start = *static_cast<Start*>(raw);
  free(raw);
  const int slot = TakeSlot();
  pthread_setspecific(slot_key, reinterpret_cast<void*>(intptr_t{slot} + 1));
  PinAndReport(slot);
  return start.fn(start.arg);
}

void ParsePus(const char* text) {
  while (text != nullptr && *text != '\0' && pu_count < kMaxPus) {
    char* end = nullptr;
    long pu = strtol(text, &end, 10);
    if (end == text || pu < 0 || pu >= CPU_SETSIZE) return;  // malformed
    pus[pu_count++] = static_cast<int>(pu);
    text = *end == ',' ? end + 1 : nullptr;
  }
}

// Removes this library from LD_PRELOAD (and our variables from the
// environment): a program the benchmark starts is not ours to place.
void ForgetEnvironment() {
  unsetenv("MTBENCH_PIN_PUS");
  unsetenv("MTBENCH_PIN_FD");
  const char* preload = getenv("LD_PRELOAD");
  if (preload == nullptr) return;
  char kept[4096] = "";
  const char* p = preload;
  while (*p != '\0') {
    const size_t len = strcspn(p, ": ");
    const char* base = p;
    for (const char* q = p; q < p + len; ++q) {
      if (*q == '/') base = q + 1;
    }
    const bool ours = static_cast<size_t>(p + len - base) == 11 &&
                      strncmp(base, "libmtpin.so", 11) == 0;
    if (!ours && len > 0 && strlen(kept) + len + 2 < sizeof kept) {
      if (kept[0] != '\0') strcat(kept, ":");
      strncat(kept, p, len);
    }
    p += len;
    if (*p != '\0') ++p;
  }
  if (kept[0] == '\0') {
    unsetenv("LD_PRELOAD");
  } else {
    setenv("LD_PRELOAD", kept, 1);
  }
}

__attribute__((constructor)) void Load() {
  real_create = reinterpret_cast<CreateFn>(dlsym(RTLD_NEXT, "pthread_create"));
  pthread_key_create(&slot_key, FreeSlot);
  ParsePus(getenv("MTBENCH_PIN_PUS"));
  const char* fd = getenv("MTBENCH_PIN_FD");
  if (fd != nullptr && *fd != '\0') report_fd = atoi(fd);
  ForgetEnvironment();
  setvbuf(stdout, nullptr, _IOLBF, 0);
  if (report_fd >= 0) {
    char line[64];
    int n =
        snprintf(line, sizeof line, "mtbench-pin: loaded pus=%d\n", pu_count);
    if (n > 0) (void)!write(report_fd, line, static_cast<size_t>(n));
  }
  slot_taken[0].store(true, std::memory_order_relaxed);
  PinAndReport(0);
}

}  // namespace

extern "C" __attribute__((visibility("default"))) int pthread_create(
    pthread_t* thread, const pthread_attr_t* attr, void* (*fn)(void*),
    void* arg) {
  if (real_create == nullptr) {  // called before our constructor ran
    real_create =
        reinterpret_cast<CreateFn>(dlsym(RTLD_NEXT, "pthread_create"));
  }
  auto* start = static_cast<Start*>(malloc(sizeof(Start)));
  if (start == nullptr) return real_create(thread, attr, fn, arg);
  *start = {fn, arg};
  const int rc = real_create(thread, attr, &Trampoline, start);
  if (rc != 0) free(start);
  return rc;
}
