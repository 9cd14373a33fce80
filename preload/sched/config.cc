// Parsing of the MT_SCHED_* environment variables.
#include "preload/sched/config.h"

#include <signal.h>
#include <stdlib.h>

#include "preload/sched/fmt.h"
#include "preload/sched/sys.h"

namespace mt::sched {
namespace {

// Measured in README.md ("Slice"): under 1 ms of CPU passes between two
// scheduling points in the test programs' slowest sections under TSan, and
// a spinning thread costs one slice each time it is passed over; 5 ms keeps
// both a legitimate long section and a spin-wait cheap.
constexpr int64_t kDefaultSliceMs = 5;

[[noreturn]] void Refuse(const char* name, const char* value,
                         const char* accepted) {
  char text[512];
  Buf b(text, sizeof(text));
  b.Str("mtsched: ").Str(name).Ch('=').Str(value).Str(": accepted: ");
  b.Str(accepted).Ch('\n');
  WriteAll(2, b.data(), static_cast<long>(b.size()));
  ExitGroup(2);
}

// A decimal integer in [lo, hi], or Refuse().
int64_t Integer(const char* name, int64_t lo, int64_t hi, int64_t fallback,
                const char* accepted) {
  const char* v = getenv(name);
  if (v == nullptr || *v == '\0') return fallback;
  uint64_t n = 0;
  for (const char* p = v; *p != '\0'; ++p) {
    if (*p < '0' || *p > '9' || n > (UINT64_MAX - 9) / 10) {
      Refuse(name, v, accepted);
    }
    n = n * 10 + static_cast<uint64_t>(*p - '0');
  }
  if (n > static_cast<uint64_t>(hi) || static_cast<int64_t>(n) < lo) {
    Refuse(name, v, accepted);
  }
  return static_cast<int64_t>(n);
}

bool Equal(const char* a, const char* b) {
  while (*a != '\0' && *a == *b) ++a, ++b;
  return *a == *b;
}

}  // namespace

const char* StrategyName(Strategy s) {
  switch (s) {
    case Strategy::kPct:
      return "pct";
    case Strategy::kRandom:
      return "random";
    case Strategy::kNone:
      break;
  }
  return "none";
}

Config ReadConfig() {
  Config c;
  const char* s = getenv("MT_SCHED_STRATEGY");
  if (s == nullptr || *s == '\0' || Equal(s, "none")) {
    c.strategy = Strategy::kNone;
  } else if (Equal(s, "pct")) {
    c.strategy = Strategy::kPct;
  } else if (Equal(s, "random")) {
    c.strategy = Strategy::kRandom;
  } else {
    Refuse("MT_SCHED_STRATEGY", s, "pct, random or none");
  }
  const char* seed = getenv("MT_SCHED_SEED");
  if (seed != nullptr && *seed != '\0') {
    uint64_t n = 0;
    for (const char* p = seed; *p != '\0'; ++p) {
      uint64_t d = static_cast<uint64_t>(*p - '0');
      if (*p < '0' || *p > '9' || n > (UINT64_MAX - d) / 10) {
        Refuse("MT_SCHED_SEED", seed, "a decimal integer 0 to 2^64-1");
      }
      n = n * 10 + d;
    }
    c.seed = n;
  }
  c.depth = static_cast<int>(Integer("MT_SCHED_DEPTH", 1, 3, 3, "1, 2 or 3"));
  c.steps = Integer("MT_SCHED_STEPS", 1, 1000000000, 0,
                    "a step count 1 to 1000000000");
  c.slice_ns = Integer("MT_SCHED_SLICE_MS", 1, 10000, kDefaultSliceMs,
                       "milliseconds 1 to 10000") *
               1000000;
  c.preempt_ns = Integer("MT_SCHED_PREEMPT_US", 0, 10000000, 0,
                         "microseconds 0 (off) to 10000000") *
                 1000;
  // SIGRTMAX-3 by default: glibc keeps the first real-time signals for
  // itself and programs that use real-time signals mostly take SIGRTMIN+n.
  c.preempt_signal = static_cast<int>(
      Integer("MT_SCHED_PREEMPT_SIGNAL", SIGRTMIN, SIGRTMAX, SIGRTMAX - 3,
              "a real-time signal number SIGRTMIN to SIGRTMAX"));
  const char* out = getenv("MT_SCHED_OUT");
  if (out != nullptr && *out != '\0') c.out = out;
  return c;
}

}  // namespace mt::sched
