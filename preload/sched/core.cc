// The serialising core (core.h).
#include "preload/sched/core.h"

#include "preload/sched/callsite.h"
#include "preload/sched/monitor.h"
#include "preload/sched/preempt.h"
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
  if (g.deadline_waiters > 0 || g.outside > 0 || g.uncontrolled > 0) {
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
    s.creating.store(false, std::memory_order_relaxed);
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

void FreeSlot(Slot& s) {
  StrategyRemove(&s);
  SetState(s, State::kFree);
  while (g.slots_used > 0 &&
         StateOf(g_slots[g.slots_used - 1]) == State::kFree) {
    --g.slots_used;
  }
}

void WaitTurn(Slot* s) {
  InSched in;
  for (;;) {
    uint32_t seen = s->wake.load(std::memory_order_acquire);
    if (g.turn.load(std::memory_order_acquire) == s->index) {
      PreemptOnTurn(s);
      return;
    }
    if (s->state.load(std::memory_order_acquire) == State::kOutside) return;
    ServeReport(s);
    FutexWait(&s->wake, seen, nullptr);
  }
}

void Point(Slot* s, Op op, const void* obj, uintptr_t pc) {
  s->creating.store(false, std::memory_order_relaxed);
  if (pc == 0) pc = CallSite(s);
  InSched in;
  {
    Guard lock(g.lock);
    s->op = op;
    s->object = reinterpret_cast<uintptr_t>(obj);
    s->pc = pc;
    ++g.ops[static_cast<int>(op)];
    if (StateOf(*s) == State::kOutside) {
      // Rejoining: wait for the turn like any enabled thread; if nobody
      // holds it, decide now.
      --g.outside;
      SetState(*s, State::kEnabled);
      if (g.turn.load(std::memory_order_relaxed) == kNoThread)
        Dispatch(kNoThread, s->index);
    } else {
      if (op == Op::kYield || op == Op::kPreempt) StrategyLower(s);
      Dispatch(s->index, s->index);
    }
  }
  WaitTurn(s);
}

void Block(Slot* s, Wait w, const void* obj, Deadline dl, uint32_t bitset,
           uint32_t generation) {
  InSched in;
  {
    Guard lock(g.lock);
    s->wait = w;
    s->object = reinterpret_cast<uintptr_t>(obj);
    s->bitset = bitset;
    s->generation = generation;
    s->signalled = s->timed_out = false;
    if (dl.set()) {
      s->deadline = dl;
      ++g.deadline_waiters;
    }
    SetState(*s, State::kBlocked);
    if (w == Wait::kSleep) StrategyLower(s);
    Dispatch(s->index, s->index);
  }
  WaitTurn(s);
}

int Release(Wait w, const void* obj, bool choose, int max, uint32_t bitset) {
  InSched in;
  Guard lock(g.lock);
  uintptr_t o = reinterpret_cast<uintptr_t>(obj);
  int n = 0;
  if (choose) {
    int picked[kMaxThreads];
    n = StrategyWaiters(w, o, bitset, max, picked);
    for (int i = 0; i < n; ++i) {
      g_slots[picked[i]].signalled = true;
      Enable(g_slots[picked[i]]);
    }
  } else {
    for (int i = 0; i < g.slots_used; ++i) {
      Slot& s = g_slots[i];
      if (StateOf(s) == State::kBlocked && s.wait == w && s.object == o) {
        Enable(s);
        ++n;
      }
    }
  }
  if (n > 0 && g.turn.load(std::memory_order_relaxed) == kNoThread)
    Dispatch(kNoThread, kNoThread);
  return n;
}

void Leave(Slot* s) {
  InSched in;
  Guard lock(g.lock);
  bool holder = g.turn.load(std::memory_order_relaxed) == s->index;
  SetState(*s, State::kOutside);
  ++g.outside;
  if (holder) Dispatch(s->index, kNoThread);
}

void Finish(Slot* s) {
  InSched in;
  {
    Guard lock(g.lock);
    bool holder = g.turn.load(std::memory_order_relaxed) == s->index;
    if (StateOf(*s) == State::kOutside) --g.outside;
    SetState(*s, State::kFinished);
    for (int i = 0; i < g.slots_used; ++i) {
      Slot& j = g_slots[i];
      if (StateOf(j) == State::kBlocked && j.wait == Wait::kJoin &&
          j.object == s->pthread) {
        Enable(j);
      }
    }
    if (s->detached) FreeSlot(*s);
    if (holder || g.turn.load(std::memory_order_relaxed) == kNoThread) {
      Dispatch(holder ? s->index : kNoThread, kNoThread);
    }
  }
  t_self = kUncontrolled;
}

}  // namespace mt::sched
