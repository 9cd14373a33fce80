// Seeded preemption for code that makes no scheduling point (lock-free
// code: in clang builds TSan's atomic entry points cannot be wrapped): a
// thread that takes the turn arms a timer that sends MT_SCHED_PREEMPT_SIGNAL
// after a random run of mean MT_SCHED_PREEMPT_US; if it then runs the
// program's own code, the handler makes a scheduling point ("preempt"). The
// same signal asks a thread outside control for its stack in a hang report.
#pragma once

#include "preload/sched/state.h"

namespace mt::sched {

// Installs the handler with libc's sigaction (not TSan's interceptor, which
// would defer the signal until the thread leaves TSan's runtime). Returns
// false if it could not.
bool InstallSignalHandler();
// The calling thread's timer: created when it begins, armed when it takes
// the turn (WaitTurn), deleted when it ends.
void PreemptThreadStart(Slot* s);
void PreemptOnTurn(Slot* s);
void PreemptThreadEnd(Slot* s);

}  // namespace mt::sched
