// The serialising core (core.h): scheduling points, blocking, releasing.
#include "preload/sched/core.h"

#include "preload/sched/callsite.h"
#include "preload/sched/monitor.h"
#include "preload/sched/preempt.h"
#include "preload/sched/record.h"
#include "preload/sched/report.h"
#include "preload/sched/strategy.h"
#include "preload/sched/sys.h"

namespace mt::sched {
namespace {

State StateOf(const Slot& s) { return s.state.load(std::memory_order_relaxed); }
void SetState(Slot& s, State st) {
  s.state.store(st, std::memory_order_release);
}

// Under g.lock, for a thread that does not hold the turn (it ran outside
// control): wait for the turn like any enabled thread; if nobody holds it,
// decide now.
void Rejoin(Slot* s) {
  if (StateOf(*s) == State::kOutside) {
    --g.outside;
    SetState(*s, State::kEnabled);
  }
  if (g.turn.load(std::memory_order_relaxed) == kNoThread) {
    Dispatch(kNoThread, s->index);
  }
}

}  // namespace

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
  s->brief_wait.store(false, std::memory_order_relaxed);
  if (pc == 0) pc = CallSite(s);
  InSched in;
  {
    Guard lock(g.lock);
    s->op = op;
    s->object = reinterpret_cast<uintptr_t>(obj);
    s->pc = pc;
    ++g.ops[static_cast<int>(op)];
    if (g.turn.load(std::memory_order_relaxed) == s->index) {
      if (op == Op::kYield || op == Op::kPreempt) StrategyLower(s);
      Dispatch(s->index, s->index);
    } else {
      Rejoin(s);
    }
  }
  WaitTurn(s);
}

void Block(Slot* s, Wait w, const void* obj, Deadline dl, uint32_t bitset,
           uint32_t generation) {
  if (dl.set()) EnsureMonitor();  // a lone thread's deadline needs it too
  InSched in;
  for (;;) {
    // Normally the caller holds the turn (its point just returned); one
    // that lost it while waking up takes it back first.
    {
      Guard lock(g.lock);
      if (g.turn.load(std::memory_order_relaxed) == s->index) break;
      Rejoin(s);
    }
    WaitTurn(s);
  }
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
  if (StateOf(*s) == State::kOutside) return;
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
    if (s->tid != 0 && g.exiting < kMaxThreads)
      g.exiting_tid[g.exiting++] = s->tid;
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
