// The monitor thread (monitor.h).
#include "preload/sched/monitor.h"

#include <fcntl.h>
#include <signal.h>

#include "preload/sched/core.h"
#include "preload/sched/fmt.h"
#include "preload/sched/real.h"
#include "preload/sched/report.h"
#include "preload/sched/strategy.h"
#include "preload/sched/sys.h"

namespace mt::sched {
namespace {

std::atomic<int> started{0};
std::atomic<uint32_t> kick{0};
thread_local bool t_is_monitor = false;
// Per-slot observations of threads outside control (hang detection).
struct Observed {
  int tid = 0;
  int64_t cpu = -1;
  char line[112] = {};
};
Observed observed[kMaxThreads];

// A hang needs every thread outside control blocked, unchanged, this long.
constexpr int64_t kHangNs = kNsPerSec;
// A new thread given the turn normally reaches its start routine within
// microseconds (TSan's start handshake is done by then); a whole second
// means it cannot (a safety net: the slice would misfire on a busy machine,
// where a new thread may wait several milliseconds for a CPU).
constexpr int64_t kArrivalNs = kNsPerSec;

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

// The thread's scheduler state letter from /proc/<tid>/stat ('R', 'S', ...).
char KernelState(int tid) {
  char stat[512];
  if (!ReadProc(tid, "stat", stat, sizeof(stat))) return '?';
  const char* p = stat;
  const char* close = nullptr;
  for (; *p != '\0'; ++p) {
    if (*p == ')') close = p;  // the name may contain ')': the last one
  }
  return close != nullptr && close[1] == ' ' ? close[2] : '?';
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

// Whether a /proc/<tid>/syscall line ("nr a1 .. a6 sp pc") is a wait that
// only this process can end and that has no time-out: a private futex wait
// (libc's and TSan's internal locks, pthread_once, a join, a raw futex).
// Reads, polls, waits for children and shared futexes are not judged: another
// process may end them (the hunt's time limit does).
bool WaitsForever(const char* line) {
  if (line[0] < '0' || line[0] > '9') return false;  // "running"
  long a[5];
  for (long& v : a) v = Field(line);
  if (a[0] != SYS_futex || (a[2] & FUTEX_PRIVATE_FLAG) == 0) return false;
  long cmd = a[2] & FUTEX_CMD_MASK;
  bool wait = cmd == FUTEX_WAIT || cmd == FUTEX_WAIT_BITSET ||
              cmd == FUTEX_LOCK_PI || cmd == FUTEX_WAIT_REQUEUE_PI;
  return wait && a[4] == 0;
}

struct Holder {
  int slot = kNoThread;
  uint64_t step = 0;
  int64_t cpu = 0, wall = 0;
};

// The turn holder's slice: measured in its CPU time (a machine busy with
// other work does not take the turn away), or in wall time while the kernel
// holds it blocked (a call we do not model).
void CheckSlice(Holder& h, int64_t now) {
  int slot, tid;
  uint64_t step;
  bool creating;
  {
    Guard lock(g.lock);
    slot = g.turn.load(std::memory_order_relaxed);
    step = g.step;
    tid = slot == kNoThread ? 0 : g_slots[slot].tid;
    creating = slot != kNoThread && g_slots[slot].creating.load();
  }
  if (slot == kNoThread) {
    h.slot = kNoThread;
    return;
  }
  // tid 0: a new thread given the turn has not reached its start yet (it
  // is in TSan's start handshake): wall time alone counts.
  int64_t cpu = tid == 0 ? 0 : ThreadCpuNs(tid);
  if (slot != h.slot || step != h.step) {
    h = Holder{slot, step, cpu, now};
    return;
  }
  bool expired = tid != 0 && cpu - h.cpu >= g.cfg.slice_ns;
  if (!expired && tid == 0) expired = now - h.wall >= kArrivalNs;
  // Waiting for a new thread's start handshake: as long as a new thread
  // may take to arrive.
  int64_t wall_limit = creating ? kArrivalNs : g.cfg.slice_ns;
  if (!expired && tid != 0 && now - h.wall >= wall_limit) {
    char s = KernelState(tid);
    expired = s == 'S' || s == 'D';
  }
  if (!expired) return;
  Guard lock(g.lock);
  if (g.turn.load(std::memory_order_relaxed) != slot || g.step != step) return;
  Slot& s = g_slots[slot];
  s.state.store(State::kOutside, std::memory_order_release);
  ++g.outside;
  ++g.slices;
  StrategyLower(&s);
  Dispatch(slot, kNoThread);
  s.wake.fetch_add(1, std::memory_order_release);  // in case it is parking
  FutexWake(&s.wake, 1);
  h.slot = kNoThread;
}

// Under g.lock: nanoseconds until the earliest monotonic deadline (other
// clocks are checked every tick), or -1.
int64_t EarliestDeadline(int64_t now) {
  int64_t best = -1;
  for (int i = 0; i < g.slots_used; ++i) {
    const Slot& s = g_slots[i];
    if (s.state.load() != State::kBlocked || !s.deadline.set() ||
        s.deadline.clock != CLOCK_MONOTONIC) {
      continue;
    }
    int64_t left = s.deadline.ns - now;
    if (left < 0) left = 0;
    if (best < 0 || left < best) best = left;
  }
  return best;
}

// When nobody holds the turn: deadlines that passed, and hangs.
void CheckIdle(int64_t now, int64_t& hang_since, int64_t* next_deadline) {
  int tids[kMaxThreads], slots[kMaxThreads];
  int n = 0;
  {
    Guard lock(g.lock);
    if (g.turn.load(std::memory_order_relaxed) != kNoThread) {
      hang_since = -1;
      return;
    }
    if (g.deadline_waiters > 0) {
      Dispatch(kNoThread, kNoThread);  // runs a thread whose deadline passed
      *next_deadline = EarliestDeadline(now);
    }
    if (g.turn.load(std::memory_order_relaxed) != kNoThread ||
        g.deadline_waiters > 0 || g.outside == 0 || g.uncontrolled > 0) {
      hang_since = -1;
      return;
    }
    for (int i = 0; i < g.slots_used; ++i) {
      if (g_slots[i].state.load() == State::kOutside) {
        slots[n] = i;
        tids[n++] = g_slots[i].tid;
      }
    }
  }
  bool all_stuck = n > 0;
  for (int k = 0; k < n; ++k) {
    Observed& o = observed[slots[k]];
    char line[112];
    int64_t cpu = ThreadCpuNs(tids[k]);
    char st = KernelState(tids[k]);
    bool stuck = (st == 'S' || st == 'D') &&
                 ReadProc(tids[k], "syscall", line, sizeof(line)) &&
                 WaitsForever(line);
    bool same = stuck && o.tid == tids[k] && o.cpu == cpu;
    for (int c = 0; same && c < static_cast<int>(sizeof(line)); ++c) {
      if (o.line[c] != line[c]) same = false;
      if (line[c] == '\0') break;
    }
    if (!same) {
      hang_since = -1;
      o.tid = tids[k];
      o.cpu = cpu;
      for (int c = 0; c < static_cast<int>(sizeof(line)); ++c) {
        o.line[c] = stuck ? line[c] : '\0';
        if (o.line[c] == '\0') break;
      }
    }
    all_stuck = all_stuck && stuck;
  }
  if (!all_stuck) {
    hang_since = -1;
    return;
  }
  if (hang_since < 0) hang_since = now;
  if (now - hang_since < kHangNs) return;
  Guard lock(g.lock);
  if (g.turn.load(std::memory_order_relaxed) != kNoThread) return;
  for (int k = 0; k < n; ++k)
    NoteKernelState(slots[k], observed[slots[k]].line);
  StartReport(Verdict::kHang, kNoThread);
}

void* MonitorMain(void*) {
  // A quarter slice between looks: a slice is noticed within 1.25 slices.
  int64_t tick = g.cfg.slice_ns / 4;
  if (tick > 2000000) tick = 2000000;
  t_is_monitor = true;
  Holder holder;
  int64_t hang_since = -1;
  int64_t sleep = tick;
  for (;;) {
    uint32_t seen = kick.load(std::memory_order_acquire);
    timespec wait = FromNs(sleep);
    FutexWait(&kick, seen, &wait);
    ServeMonitorReport();
    if (g.reporting.load(std::memory_order_acquire) != 0) continue;
    int64_t now = MonoNs();
    CheckSlice(holder, now);
    int64_t next_deadline = -1;
    CheckIdle(now, hang_since, &next_deadline);
    // Sleep to the next deadline when one comes before the next tick (a
    // sleeping program then wakes on time, not up to a tick late).
    sleep = next_deadline >= 0 && next_deadline < tick ? next_deadline : tick;
    if (sleep <= 0) sleep = 1000;
  }
  return nullptr;
}

}  // namespace

void EnsureMonitor() {
  if (started.load(std::memory_order_acquire) != 0 || started.exchange(1) != 0)
    return;
  // Created with libc's pthread_create (not TSan's interceptor: TSan never
  // learns of it) and every signal blocked, so no signal handler of the
  // program or of TSan ever runs on it.
  sigset_t all, old;
  sigfillset(&all);
  Sys(SYS_rt_sigprocmask, SIG_SETMASK, reinterpret_cast<long>(&all),
      reinterpret_cast<long>(&old), sizeof(long));
  pthread_t th;
  Real().pthread_create(&th, nullptr, MonitorMain, nullptr);
  Sys(SYS_rt_sigprocmask, SIG_SETMASK, reinterpret_cast<long>(&old), 0,
      sizeof(long));
}

void KickMonitor() {
  if (t_is_monitor) return;  // it is looking already
  kick.fetch_add(1, std::memory_order_release);
  FutexWake(&kick, 1);
}

}  // namespace mt::sched
