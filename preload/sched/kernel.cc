// /proc readings for the monitor (kernel.h).
#include "preload/sched/kernel.h"

#include <fcntl.h>
#include <linux/futex.h>
#include <sys/syscall.h>

#include "preload/sched/fmt.h"
#include "preload/sched/sys.h"

namespace mt::sched {
namespace {

// Reads a small /proc file into buf (NUL-terminated); false on failure.
bool ReadProc(int tid, const char* leaf, char* buf, int cap) {
  char path[64];
  Buf p(path, sizeof(path) - 1);
  p.Str("/proc/self/task/").U(static_cast<uint64_t>(tid)).Ch('/').Str(leaf);
  path[p.size()] = '\0';
  long fd = Sys(SYS_open, reinterpret_cast<long>(path), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return false;
  long n = Sys(SYS_read, fd, reinterpret_cast<long>(buf), cap - 1);
  Sys(SYS_close, fd);
  if (n <= 0) return false;
  buf[n] = '\0';
  if (buf[n - 1] == '\n') buf[n - 1] = '\0';
  return true;
}

long Field(const char*& p) {
  while (*p == ' ') ++p;
  long v = 0;
  if (p[0] == '0' && p[1] == 'x') {
    for (p += 2; (*p >= '0' && *p <= '9') || (*p >= 'a' && *p <= 'f'); ++p) {
      v = v * 16 + (*p <= '9' ? *p - '0' : *p - 'a' + 10);
    }
  } else {
    for (; *p >= '0' && *p <= '9'; ++p) v = v * 10 + (*p - '0');
  }
  return v;
}

bool WaitsForever(const char* line) {
  if (line[0] < '0' || line[0] > '9') return false;  // "running"
  long a[5];
  for (long& v : a) v = Field(line);
  if (a[0] != SYS_futex || (a[2] & FUTEX_PRIVATE_FLAG) == 0) return false;
  long cmd = a[2] & FUTEX_CMD_MASK;
  bool wait = cmd == FUTEX_WAIT || cmd == FUTEX_WAIT_BITSET ||
              cmd == FUTEX_LOCK_PI || cmd == FUTEX_WAIT_REQUEUE_PI;
  return wait && a[4] == 0;  // a[4]: the timeout argument
}

}  // namespace

char KernelState(int tid) {
  char stat[512];
  if (!ReadProc(tid, "stat", stat, sizeof(stat))) return '?';
  const char* close = nullptr;
  for (const char* p = stat; *p != '\0'; ++p) {
    if (*p == ')') close = p;  // the name may contain ')': the last one
  }
  return close != nullptr && close[1] == ' ' ? close[2] : '?';
}

KernelWait ReadKernelWait(int tid) {
  KernelWait w;
  w.tid = tid;
  w.cpu = ThreadCpuNs(tid);
  char state = KernelState(tid);
  if ((state == 'S' || state == 'D') &&
      ReadProc(tid, "syscall", w.line, sizeof(w.line))) {
    w.forever = WaitsForever(w.line);
  }
  return w;
}

bool SameWait(const KernelWait& a, const KernelWait& b) {
  if (a.tid != b.tid || a.cpu != b.cpu || !a.forever || !b.forever)
    return false;
  for (int i = 0; i < static_cast<int>(sizeof(a.line)); ++i) {
    if (a.line[i] != b.line[i]) return false;
    if (a.line[i] == '\0') break;
  }
  return true;
}

}  // namespace mt::sched
