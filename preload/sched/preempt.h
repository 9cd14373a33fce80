// Seeded preemption for code that makes no scheduling point (lock-free
// code: in clang builds TSan's atomic entry points cannot be wrapped): each
// controlled thread gets a CPU-time timer that sends MT_SCHED_PREEMPT_SIGNAL
// after a random run of mean MT_SCHED_PREEMPT_US; its handler makes a
// scheduling point ("preempt"). The same signal asks a thread outside
// control for its stack in a hang report.
#pragma once

#include "preload/sched/state.h"

namespace mt::sched {

// Installs the handler with libc's sigaction (not TSan's interceptor, which
// would defer the signal until the thread leaves TSan's runtime). Returns
// false if it could not.
bool InstallSignalHandler();
// The calling thread's timer: start when it begins, stop when it ends.
void PreemptThreadStart(Slot* s);
void PreemptThreadEnd(Slot* s);

}  // namespace mt::sched
