// The serialising core: exactly one controlled thread holds the turn; at each
// scheduling point the strategy picks who holds it next. Wrappers call
// Point() before each operation, Block() when the operation cannot proceed
// (the real try-operation failed) and Release() when it may let others
// proceed.
#pragma once

#include <cstdint>

#include "preload/sched/state.h"

namespace mt::sched {

// The calling thread's slot when the scheduler controls it, else nullptr.
// Inside scheduler code (a signal handler of the program running while the
// thread waits for its turn, say) calls pass through uncontrolled.
inline Slot* Self() {
  if (!g.active.load(std::memory_order_relaxed) || t_in_sched != 0) {
    return nullptr;
  }
  Slot* s = t_self;
  return s == kUncontrolled ? nullptr : s;
}

// Marks this thread as running scheduler code while alive (the preemption
// signal handler stays out).
struct InSched {
  InSched() { ++t_in_sched; }
  ~InSched() { --t_in_sched; }
};

// A scheduling point: announces (op, obj) and returns when this thread holds
// the turn. A thread running outside control rejoins here.
// `pc`: the call site when the caller knows it better than a stack scan.
void Point(Slot* s, Op op, const void* obj, uintptr_t pc = 0);
// The turn holder cannot proceed until (w, obj) is released (or dl passes):
// returns holding the turn again, with s->signalled / s->timed_out telling
// why it was enabled.
void Block(Slot* s, Wait w, const void* obj, Deadline dl = {},
           uint32_t bitset = ~0u, uint32_t generation = 0);
// Enables threads blocked on (w, obj): all of them, or (choose) up to `max`
// picked by the strategy, marked signalled. Any thread may call it.
int Release(Wait w, const void* obj, bool choose = false, int max = 0,
            uint32_t bitset = ~0u);
// The thread is about to block in a call the scheduler does not model: it
// gives up the turn and runs outside control until its next point.
void Leave(Slot* s);
// The thread's start routine ended: joiners may proceed; the turn moves on.
void Finish(Slot* s);

// Under g.lock: hands the turn to the next enabled thread. `holder` ran the
// last step (kNoThread if none); `caller` is a thread that will check the turn
// itself (no wake-up needed).
void Dispatch(int holder, int caller);
// Under g.lock: makes a blocked thread enabled.
void Enable(Slot& s);
// Registers a new slot (under g.lock); nullptr when the table is full.
Slot* AllocSlot();
void FreeSlot(Slot& s);
// Under g.lock: the thread with this kernel tid is gone (joined, or no
// longer in the kernel's thread group).
void Exited(int tid);

// Waits until this thread holds the turn (or was moved outside control);
// while waiting it serves report requests.
void WaitTurn(Slot* s);

}  // namespace mt::sched
