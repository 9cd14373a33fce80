// Raw Linux system calls for the scheduler's internals. Calling libc by name
// from here would reach ThreadSanitizer's interceptors in the executable (or
// our own `syscall` wrapper), so waits, clocks and file output go straight to
// the kernel. x86_64 only, like the rest of the library.
#pragma once

#include <linux/futex.h>
#include <sys/syscall.h>
#include <time.h>

#include <atomic>
#include <cstdint>

#if !defined(__x86_64__)
#error "libmtsched supports x86_64 Linux only"
#endif

namespace mt::sched {

// Returns the kernel's result: >= 0, or -errno.
inline long Sys(long nr, long a = 0, long b = 0, long c = 0, long d = 0,
                long e = 0, long f = 0) {
  long ret;
  register long r10 asm("r10") = d;
  register long r8 asm("r8") = e;
  register long r9 asm("r9") = f;
  asm volatile("syscall"
               : "=a"(ret)
               : "a"(nr), "D"(a), "S"(b), "d"(c), "r"(r10), "r"(r8), "r"(r9)
               : "rcx", "r11", "memory");
  return ret;
}

inline long FutexWait(const std::atomic<uint32_t>* word, uint32_t expected,
                      const timespec* relative) {
  return Sys(SYS_futex, reinterpret_cast<long>(word), FUTEX_WAIT_PRIVATE,
             expected, reinterpret_cast<long>(relative));
}
inline void FutexWake(const std::atomic<uint32_t>* word, int count) {
  Sys(SYS_futex, reinterpret_cast<long>(word), FUTEX_WAKE_PRIVATE, count);
}
inline int GetTid() { return static_cast<int>(Sys(SYS_gettid)); }
inline void WriteAll(int fd, const char* buf, long len) {
  while (len > 0) {
    long n = Sys(SYS_write, fd, reinterpret_cast<long>(buf), len);
    if (n == -4) continue;  // EINTR
    if (n <= 0) return;
    buf += n;
    len -= n;
  }
}
[[noreturn]] inline void ExitGroup(int status) {
  for (;;) Sys(SYS_exit_group, status);
}

inline constexpr int64_t kNsPerSec = 1000000000;
inline int64_t ToNs(const timespec& t) {
  return t.tv_sec * kNsPerSec + t.tv_nsec;
}
inline timespec FromNs(int64_t ns) {
  return timespec{static_cast<time_t>(ns / kNsPerSec),
                  static_cast<long>(ns % kNsPerSec)};
}

// A clock read through libc's clock_gettime (the vDSO: no system call, no
// TSan interceptor: the pointer comes from dlsym(RTLD_NEXT)).
int64_t ClockNs(clockid_t clock);
inline int64_t MonoNs() { return ClockNs(CLOCK_MONOTONIC); }

// CPU time a thread of this process has used, by kernel tid (the clock id
// pthread_getcpuclockid would give: CPUCLOCK_SCHED of a thread).
inline int64_t ThreadCpuNs(int tid) {
  timespec t{};
  clockid_t id = (~static_cast<clockid_t>(tid) << 3) | 6;
  if (Sys(SYS_clock_gettime, id, reinterpret_cast<long>(&t)) != 0) return -1;
  return ToNs(t);
}

}  // namespace mt::sched
