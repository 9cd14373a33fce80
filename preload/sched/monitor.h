// The monitor: one helper thread, created when a program has a second thread
// or waits with a time-out, that does everything time-based: takes the turn
// from a thread that keeps it a whole slice without a scheduling point,
// enables threads whose deadline passed when nobody holds the turn, and
// recognises a hang (every thread blocked, those outside control in the
// kernel without a time-out for 1 s). It never calls into TSan-instrumented
// code or TSan's interceptors: raw system calls and this library only, with
// every signal blocked.
#pragma once

namespace mt::sched {

// Starts the monitor if it is not running yet (not under g.lock).
void EnsureMonitor();
// Makes the monitor look again now (under g.lock or not).
void KickMonitor();

}  // namespace mt::sched
