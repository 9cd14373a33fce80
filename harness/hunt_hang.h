// Recognising a hung program within seconds rather than at its time limit:
// its process tree sampled from /proc, hung once every thread has been
// blocked in a wait with no time-out, using no CPU, for a quiet period.
// Thread safety: one watch per run, used by the thread supervising it.
#pragma once

#include <sys/types.h>

#include <chrono>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "harness/hunt_waits.h"

namespace mt::harness {

// How long every thread must wait without a time-out and without CPU use
// before the program is called hung: long enough that a program between
// two steps of real work (a thread about to wake another) is not, short
// enough that a 20-run hunt of a deadlocking program takes a minute.
constexpr double kHangQuietSeconds = 2.0;

// Whether `pc` lies in an executable mapping of libc in `maps` (the text of
// /proc/<pid>/maps).
bool InLibcMapping(const std::string& maps, unsigned long long pc);

// One thread as sampled.
struct TaskView {
  TaskStat stat;
  SyscallState call;
  bool call_sampled = false;  // .../syscall could be read and parsed
  bool call_in_libc = false;  // its pc lies in libc (InLibcMapping)
};

// A process tree's threads judged together.
struct TreeState {
  // Every thread that counts is blocked in a wait with no time-out (and
  // there is one at least).
  bool all_untimed = false;
  long long cpu_ticks = 0;           // of the threads that count
  std::map<std::string, int> waits;  // blocking call -> threads, if so
};

// Ended threads (zombies) do not count, and neither does a thread in a
// timed wait made outside libc: the sanitizer's or the scheduler's own
// housekeeping thread (TSan's sleeps 100 ms in a loop through its own
// system call stub). A program's own sleeps and timed waits go through
// libc, and are progress.
TreeState JudgeTasks(const std::vector<TaskView>& tasks);

class HangWatch {
 public:
  using Clock = std::chrono::steady_clock;
  HangWatch(pid_t root, double quiet_seconds)
      : root_(root), quiet_(quiet_seconds) {}

  // Samples `root` and its descendants (JudgeTasks); true once every thread
  // that counts has waited without a time-out, the same waits, using no
  // CPU, for the quiet period.
  bool Sample(Clock::time_point now);

  // E.g. "3 thread(s) blocked without a time-out (futex x3), no CPU for
  // 2.0 s".
  std::string Describe() const;
  // The blocking calls, e.g. "futex x3": what a hang without stacks is
  // told apart by.
  std::string Waits() const;

 private:
  pid_t root_;
  double quiet_;
  std::optional<Clock::time_point> quiet_since_;
  long long quiet_ticks_ = 0;
  double quiet_for_ = 0;
  std::map<std::string, int> waits_;  // of the last sample that waited
};

}  // namespace mt::harness
