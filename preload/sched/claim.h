// Which process of a run the scheduler controls and records. Everything a
// hunted program starts inherits LD_PRELOAD and MT_SCHED_*: a `timeout` or
// shell in front of it, helpers it runs. The run's process is the first to
// create a thread: it claims MT_SCHED_OUT (an flock on <out>/.owner) and
// names itself in MT_SCHED_OWNER; a process started by it finds that name
// and runs uncontrolled. A process that never creates a thread has nothing
// to schedule and writes nothing.
#pragma once

namespace mt::sched {

// Called before this process's first thread is created (and before a
// report): claims the run, or turns the scheduler off in this process when
// another process owns the run. Returns whether this process records.
bool Claim();
bool Claimed();

}  // namespace mt::sched
