// An operation's call site (the first return address in the program's own
// code, modules.h) and frame-pointer walks for stacks taken in a signal
// handler.
#pragma once

#include <cstdint>

#include "preload/sched/state.h"

namespace mt::sched {

// The return address of the current operation in the program's own code,
// found by scanning this thread's stack upward (at most 4 KiB, never above
// s->stack_hi) for a word that points just after a call instruction in such
// code: TSan's runtime keeps no frame pointers, so a frame walk would skip
// the very frame that called the intercepted function. 0 if none.
uintptr_t CallSite(const Slot* s);

// Walks the frame-pointer chain from (fp, pc) within [lo, hi); returns the
// number of return addresses written. Async-signal-safe.
int WalkFrames(uintptr_t pc, uintptr_t fp, uintptr_t lo, uintptr_t hi,
               uintptr_t* out, int max);

}  // namespace mt::sched
