// Seeded random yields at lock and atomic operations, so that a
// ThreadSanitizer hunt (`mtbench hunt`) sees rarer interleavings. Active only
// in TSan builds and only when MT_PERTURB_SEED is set: free everywhere else.
#pragma once

#include <sched.h>
#include <time.h>

#include <atomic>
#include <cstdint>
#include <cstdlib>

#include "workloads/base/tsan_build.h"

namespace mt::workloads {

// The environment variable the hunt sets; a decimal seed, 0 or unset: off.
inline constexpr char kPerturbSeedVariable[] = "MT_PERTURB_SEED";

// The seed in `text`, or 0 (off) when absent or not a whole decimal number.
inline std::uint64_t ParsePerturbSeed(const char* text) {
  if (text == nullptr || *text == '\0') return 0;
  char* end = nullptr;
  const unsigned long long v = std::strtoull(text, &end, 10);
  return (*end == '\0' && *text != '-') ? v : 0;
}

enum class PerturbAction { kNone, kYield, kSleep };

// One thread's decisions: a splitmix64 stream, so a seed replays the same
// sequence of yields and sleeps (thread by thread, in creation order).
// Thread safety: one schedule per thread.
class PerturbSchedule {
 public:
  // 1 operation in 8 yields: often enough that the window between a load
  // and a store is regularly open to another thread, rare enough that a
  // locked loop still makes progress. 1 in 512 sleeps 50 us, long enough for
  // another thread to run a whole critical section (as a preemption would).
  static constexpr std::uint64_t kYieldOneIn = 8;
  static constexpr std::uint64_t kSleepOneIn = 512;
  static constexpr long kSleepNanoseconds = 50'000;

  explicit PerturbSchedule(std::uint64_t seed) : state_(seed) {}
  PerturbAction Next() {
    state_ += 0x9e3779b97f4a7c15ull;
    std::uint64_t z = state_;
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
    z ^= z >> 31;
    if (z % kSleepOneIn == 0) return PerturbAction::kSleep;
    if (z % kYieldOneIn == 0) return PerturbAction::kYield;
    return PerturbAction::kNone;
  }

 private:
  std::uint64_t state_;
};

#if MT_TSAN_BUILD
// Read once, during static initialisation (a function-local static would
// cost an acquire on its guard at every call). Calls made before it is
// initialised, from other static initialisers, see 0: off.
inline const std::uint64_t kPerturbSeed =
    ParsePerturbSeed(std::getenv(kPerturbSeedVariable));

// Out of line, so that Perturb() stays a load and a branch that inlines
// into the lock it is called from.
[[gnu::noinline, gnu::cold]] inline void PerturbNow(std::uint64_t seed) {
  // Relaxed: only the uniqueness of each thread's ordinal matters.
  static std::atomic<std::uint64_t> threads{0};
  thread_local PerturbSchedule schedule(
      seed ^ (threads.fetch_add(1, std::memory_order_relaxed) << 32));
  switch (schedule.Next()) {
    case PerturbAction::kYield:
      sched_yield();
      break;
    case PerturbAction::kSleep: {
      const timespec pause{0, PerturbSchedule::kSleepNanoseconds};
      nanosleep(&pause, nullptr);
      break;
    }
    case PerturbAction::kNone:
      break;
  }
}
#endif

// Call at a lock or atomic operation. Compiles to nothing outside TSan.
inline void Perturb() {
#if MT_TSAN_BUILD
  // A per-thread copy: TSan records reads in shadow memory, so every thread
  // reading one global at every lock would bounce that shadow's cache line
  // between cores and slow the very contention the tests exercise.
  struct Cached {
    bool read = false;
    std::uint64_t seed = 0;
  };
  thread_local Cached cached;  // constant-initialised: no TLS guard
  if (!cached.read) cached = {true, kPerturbSeed};
  if (cached.seed != 0) PerturbNow(cached.seed);
#endif
}

}  // namespace mt::workloads
