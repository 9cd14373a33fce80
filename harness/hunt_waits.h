// What a thread is waiting for, from /proc/<pid>/task/<tid>/stat and
// .../syscall: its state, its CPU time, the system call it is blocked in
// and whether that wait can end by itself (a time-out) or only when another
// thread or process acts. Pure parsing, tested on recorded lines.
#pragma once

#include <array>
#include <string>

namespace mt::harness {

struct TaskStat {
  char state = '?';         // R running, S sleeping, D disk, Z zombie, ...
  long long cpu_ticks = 0;  // utime + stime, in clock ticks
};

// Parses /proc/.../stat; false when it is not one (the task is gone).
bool ParseTaskStat(const std::string& text, TaskStat* stat);

struct SyscallState {
  bool running = false;  // "running": on a CPU, or it could not be sampled
  long nr = -1;          // the system call; -1: blocked outside one
  std::array<unsigned long long, 6> args{};
  unsigned long long pc = 0;  // where the call was made from
};

// Parses /proc/.../syscall; false when it is not one.
bool ParseSyscall(const std::string& text, SyscallState* state);

enum class Wait {
  kNone,     // running, or not in a waiting system call we know
  kTimed,    // a sleep or a wait with a time-out: it ends by itself
  kUntimed,  // a wait with no time-out: only someone else can end it
};

// futex waits without a time-out, read/recv/accept/wait4/pause and the
// like, poll/select/epoll_wait with no time-out are kUntimed; nanosleep,
// clock_nanosleep and those waits with a time-out are kTimed.
Wait ClassifyWait(const SyscallState& state);

// The system call's name for a summary ("futex", "read", ...), or its
// number.
std::string SyscallName(long nr);

}  // namespace mt::harness
