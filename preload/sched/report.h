// Deadlock and hang reports: every thread's blocking call and stack, in
// summary.json and on stderr, then exit with status 86 (deadlock: no enabled
// thread) or 87 (hang: threads outside control blocked in the kernel).
#pragma once

#include "preload/sched/state.h"

namespace mt::sched {

inline constexpr int kDeadlockStatus = 86;
inline constexpr int kHangStatus = 87;

// Under g.lock: stops scheduling and asks a thread to write the report:
// `caller` when it is a blocked controlled thread, else another blocked one;
// with none, the monitor writes it (ServeMonitorReport).
void StartReport(Verdict verdict, int caller);
// In a waiting thread (WaitTurn): captures its stack when asked; writes the
// report when it is the reporter (then never returns).
void ServeReport(Slot* s);
// In the monitor: writes the report when no controlled thread can.
void ServeMonitorReport();
// Kernel state of a thread outside control, for a hang report (monitor).
void NoteKernelState(int slot, const char* syscall_line);
// The signal handler's part: captures the interrupted stack when asked.
// Returns whether it did.
bool CaptureFromSignal(Slot* s, void* ucontext);

}  // namespace mt::sched
