// What the kernel says about a thread of this process (/proc/self/task/<tid>),
// read with raw system calls by the monitor: whether it is blocked, and in
// which system call.
#pragma once

#include <cstdint>

namespace mt::sched {

// The state letter of /proc/.../stat: 'R' running or runnable, 'S' and 'D'
// blocked; '?' when unreadable.
char KernelState(int tid);

// A blocked thread's system call and CPU time, to tell over time whether it
// made progress.
struct KernelWait {
  int tid = 0;
  int64_t cpu = -1;
  char line[112] = {};  // /proc/.../syscall: "nr a1 .. a6 sp pc"
  // A wait only this process can end, with no time-out: a private futex
  // wait (libc's and TSan's internal locks, pthread_once, a join, a raw
  // futex). Reads, polls, waits for children and shared futexes are not:
  // another process may end them (the hunt's time limit covers those).
  bool forever = false;
};

// Reads the thread's wait; `forever` false when it is not so blocked.
KernelWait ReadKernelWait(int tid);
// Whether two readings show the same wait with no CPU spent in between.
bool SameWait(const KernelWait& a, const KernelWait& b);

}  // namespace mt::sched
