// Resolution of the real functions (real.h).
#include "preload/sched/real.h"

#include <atomic>

#include "preload/sched/sys.h"

namespace mt::sched {
namespace {

RealFunctions table;
std::atomic<bool> resolved{false};

bool StartsWith(const char* s, const char* prefix) {
  while (*prefix != '\0' && *s == *prefix) ++s, ++prefix;
  return *prefix == '\0';
}

template <typename F>
void Find(F*& slot, const char* name) {
  // The condition variable functions exist twice in libc; programs and TSan
  // use GLIBC_2.3.2's (pthread_cond_clockwait has one version only).
  void* p = StartsWith(name, "pthread_cond_") &&
                    !StartsWith(name, "pthread_cond_clock")
                ? dlvsym(RTLD_NEXT, name, "GLIBC_2.3.2")
                : dlsym(RTLD_NEXT, name);
  slot = reinterpret_cast<F*>(p);
}

void Resolve() {
#define MT_SCHED_FIND(name, ret, params) Find(table.name, #name);
  MT_SCHED_REAL_FUNCTIONS(MT_SCHED_FIND)
#undef MT_SCHED_FIND
  resolved.store(true, std::memory_order_release);
}

}  // namespace

const RealFunctions& Real() {
  // Two threads resolving at once write the same values: harmless.
  if (!resolved.load(std::memory_order_acquire)) Resolve();
  return table;
}

int64_t ClockNs(clockid_t clock) {
  timespec t{};
  Real().clock_gettime(clock, &t);
  return ToNs(t);
}

}  // namespace mt::sched
