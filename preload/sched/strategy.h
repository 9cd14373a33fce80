// The strategies that choose who runs at each scheduling point: PCT
// (Burckhardt et al., ASPLOS 2010) and a uniform random choice. Every
// function here runs under g.lock and draws only from the seeded stream.
#pragma once

#include <cstdint>

#include "preload/sched/state.h"

namespace mt::sched {

void StrategyInit();
// A new thread: PCT gives it a random distinct priority.
void StrategyAdd(Slot* s);
void StrategyRemove(Slot* s);
// The thread yielded, slept or lost its slice: PCT puts it below every other
// thread, so a thread spinning with sched_yield cannot keep the turn forever
// (which a highest-priority thread otherwise would: a PCT livelock).
void StrategyLower(Slot* s);
// The enabled thread to run for the next decision (g.step + 1), or kNoThread.
// `holder` ran the previous step; at a PCT change point it is lowered first.
int StrategyPick(int holder);
// Up to `max` threads blocked on (w, obj) whose bitset meets `bitset`, in
// the order the strategy wakes them; returns how many were written to out.
int StrategyWaiters(Wait w, uintptr_t obj, uint32_t bitset, int max, int* out);
// PCT's change points (empty for random).
int ChangePoints(const int64_t** points);

}  // namespace mt::sched
