// The scheduler's settings, read once from MT_SCHED_* environment variables
// (README.md lists them). A bad value ends the program with status 2 and a
// message naming what is accepted, before main runs.
#pragma once

#include <cstdint>

namespace mt::sched {

enum class Strategy { kNone, kPct, kRandom };

struct Config {
  Strategy strategy = Strategy::kNone;
  uint64_t seed = 0;
  int depth = 3;              // PCT's d: d-1 priority change points
  int64_t steps = 0;          // PCT's k; 0: not given (see strategy.cc)
  int64_t slice_ns = 0;       // a turn held this long without a point is lost
  int64_t preempt_ns = 0;     // mean running time between preemptions; 0 off
  int preempt_signal = 0;     // the signal the preemption timer sends
  const char* out = nullptr;  // folder for schedule.txt and summary.json
};

const char* StrategyName(Strategy s);

// Reads the environment; exits with status 2 on a bad value.
Config ReadConfig();

}  // namespace mt::sched
