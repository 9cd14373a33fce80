// The monitor thread (monitor.h).
#include "preload/sched/monitor.h"

#include <errno.h>
#include <signal.h>

#include "preload/sched/core.h"
#include "preload/sched/kernel.h"
#include "preload/sched/real.h"
#include "preload/sched/report.h"
#include "preload/sched/strategy.h"
#include "preload/sched/sys.h"

namespace mt::sched {
namespace {

std::atomic<int> started{0};
std::atomic<uint32_t> kick{0};
thread_local bool t_is_monitor = false;
// Threads outside control as last seen (hang detection), by slot.
KernelWait observed[kMaxThreads];

// A hang needs every thread outside control blocked, unchanged, this long.
constexpr int64_t kHangNs = kNsPerSec;
// A new thread given the turn normally reaches its start routine within
// microseconds (TSan's start handshake is done by then); a whole second
// means it cannot (a safety net: the slice would misfire on a busy machine,
// where a new thread may wait several milliseconds for a CPU).
constexpr int64_t kArrivalNs = kNsPerSec;
// A holder blocked in the kernel loses the turn after this many slices of
// wall time, not one: most such waits are short ones on a lock another
// thread running outside control holds (glibc's stack cache behind an
// exiting thread, say), and a loaded machine stretches them past a slice
// (measured: a 5 ms limit changed about one schedule in a hundred of the
// debug build under load average 18). Waits that do need the turn (TSan's
// pthread_once) then cost 100 ms instead of 5.
constexpr int64_t kBlockedSlices = 20;
// The longest a deadlock or hang report may take (symbolising included).
constexpr int64_t kReportLimitNs = 10 * kNsPerSec;

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
  bool brief_wait;
  {
    Guard lock(g.lock);
    slot = g.turn.load(std::memory_order_relaxed);
    step = g.step;
    tid = slot == kNoThread ? 0 : g_slots[slot].tid;
    brief_wait = slot != kNoThread && g_slots[slot].brief_wait.load();
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
  // In a brief real wait (state.h): as long as a new thread may take to
  // arrive.
  int64_t wall_limit =
      brief_wait ? kArrivalNs : kBlockedSlices * g.cfg.slice_ns;
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

// Threads that finished their start routine and have left the kernel since
// (tgkill with signal 0 finds no such thread); when the last is gone and
// nobody holds the turn, the decision is taken again (a deadlock then).
void CheckExiting() {
  int tids[kMaxThreads];
  int n;
  {
    Guard lock(g.lock);
    n = g.exiting;
    for (int i = 0; i < n; ++i) tids[i] = g.exiting_tid[i];
  }
  if (n == 0) return;
  long pid = Sys(SYS_getpid);
  Guard lock(g.lock);
  for (int i = 0; i < n; ++i) {
    if (Sys(SYS_tgkill, pid, tids[i], 0) == -ESRCH) Exited(tids[i]);
  }
  if (g.exiting == 0 && g.turn.load(std::memory_order_relaxed) == kNoThread) {
    Dispatch(kNoThread, kNoThread);
  }
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
        g.deadline_waiters > 0 || g.outside == 0 || g.uncontrolled > 0 ||
        g.exiting > 0) {
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
    KernelWait now_wait = ReadKernelWait(tids[k]);
    if (!SameWait(observed[slots[k]], now_wait)) hang_since = -1;
    observed[slots[k]] = now_wait;
    all_stuck = all_stuck && now_wait.forever;
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
    if (g.reporting.load(std::memory_order_acquire) != 0) {
      // A report stuck (a thread that holds the loader's lock, say) still
      // ends the run with its verdict.
      if (MonoNs() - g.verdict_ns > kReportLimitNs) {
        static const char kMsg[] = "==mtsched== report incomplete after 10 s\n";
        WriteAll(2, kMsg, sizeof(kMsg) - 1);
        ExitGroup(g.verdict == Verdict::kDeadlock ? kDeadlockStatus
                                                  : kHangStatus);
      }
      continue;
    }
    int64_t now = MonoNs();
    CheckSlice(holder, now);
    CheckExiting();
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
