// Decisions (core.h): who gets the turn, deadlines, and the thread table.
#include "preload/sched/core.h"
#include "preload/sched/monitor.h"
#include "preload/sched/record.h"
#include "preload/sched/report.h"
#include "preload/sched/strategy.h"
#include "preload/sched/sys.h"

namespace mt::sched {

Global g;
Slot g_slots[kMaxThreads];
thread_local Slot* t_self = nullptr;
thread_local int t_in_sched = 0;

const char* OpName(Op op) {
  static const char* const kNames[] = {
#define MT_SCHED_NAME(e, name) name,
      MT_SCHED_OPS(MT_SCHED_NAME)
#undef MT_SCHED_NAME
  };
  int i = static_cast<int>(op);
  return i < static_cast<int>(Op::kCount) ? kNames[i] : "?";
}

namespace {

State StateOf(const Slot& s) { return s.state.load(std::memory_order_relaxed); }
void SetState(Slot& s, State st) {
  s.state.store(st, std::memory_order_release);
}

void Wake(Slot& s) {
  s.wake.fetch_add(1, std::memory_order_release);
  FutexWake(&s.wake, 1);
}

// Threads whose deadline passed become enabled (never early: the clock of
// the deadline itself is read).
void RefreshDeadlines() {
  if (g.deadline_waiters == 0) return;
  int64_t mono = -1, real = -1;
  for (int i = 0; i < g.slots_used; ++i) {
    Slot& s = g_slots[i];
    if (StateOf(s) != State::kBlocked || !s.deadline.set()) continue;
    int64_t now;
    if (s.deadline.clock == CLOCK_MONOTONIC) {
      now = mono < 0 ? (mono = MonoNs()) : mono;
    } else if (s.deadline.clock == CLOCK_REALTIME) {
      now = real < 0 ? (real = ClockNs(CLOCK_REALTIME)) : real;
    } else {
      now = ClockNs(s.deadline.clock);
    }
    if (now >= s.deadline.ns) {
      s.timed_out = true;
      Enable(s);
    }
  }
}

bool AnyBlocked() {
  for (int i = 0; i < g.slots_used; ++i) {
    if (StateOf(g_slots[i]) == State::kBlocked) return true;
  }
  return false;
}

void Grant(int next, int holder, int caller) {
  Slot& n = g_slots[next];
  ++g.step;
  if (next != holder) ++g.switches;
  RecordDecision(g.step, n);
  g.turn.store(next, std::memory_order_release);
  if (next != caller) Wake(n);
}

}  // namespace

void Enable(Slot& s) {
  if (s.deadline.set()) {
    --g.deadline_waiters;
    s.deadline = Deadline{};
  }
  s.wait = Wait::kNone;
  SetState(s, State::kEnabled);
}

void Dispatch(int holder, int caller) {
  if (g.reporting.load(std::memory_order_relaxed) != 0) {
    g.turn.store(kNoThread, std::memory_order_release);
    return;
  }
  RefreshDeadlines();
  int next = StrategyPick(holder);
  if (next != kNoThread) {
    Grant(next, holder, caller);
    return;
  }
  g.turn.store(kNoThread, std::memory_order_release);
  if (g.deadline_waiters > 0 || g.outside > 0 || g.uncontrolled > 0 ||
      g.exiting > 0) {
    KickMonitor();  // time, or a thread outside control, may still help
    return;
  }
  if (AnyBlocked()) StartReport(Verdict::kDeadlock, caller);
}

Slot* AllocSlot() {
  for (int i = 0; i < kMaxThreads; ++i) {
    Slot& s = g_slots[i];
    if (StateOf(s) != State::kFree) continue;
    s.index = i;
    s.number = g.next_number++;
    s.wait = Wait::kNone;
    s.op = Op::kStart;
    s.signalled = s.timed_out = s.detached = s.controlled_start = false;
    s.tid = 0;
    s.object = s.pc = 0;
    s.deadline = Deadline{};
    s.pthread = 0;
    s.start = nullptr;
    s.arg = nullptr;
    s.stack_hi = 0;
    s.brief_wait.store(false, std::memory_order_relaxed);
    s.capture.store(0, std::memory_order_relaxed);
    s.frames = 0;
    SetState(s, State::kEnabled);
    if (i + 1 > g.slots_used) g.slots_used = i + 1;
    ++g.threads;
    StrategyAdd(&s);
    return &s;
  }
  return nullptr;
}

void Exited(int tid) {
  for (int i = 0; i < g.exiting; ++i) {
    if (g.exiting_tid[i] == tid) {
      g.exiting_tid[i] = g.exiting_tid[--g.exiting];
      return;
    }
  }
}

void FreeSlot(Slot& s) {
  StrategyRemove(&s);
  SetState(s, State::kFree);
  while (g.slots_used > 0 &&
         StateOf(g_slots[g.slots_used - 1]) == State::kFree) {
    --g.slots_used;
  }
}

}  // namespace mt::sched
