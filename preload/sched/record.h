// What a run leaves in MT_SCHED_OUT: schedule.txt, the last decisions in a
// MAP_SHARED ring that survives a crash or a kill, and summary.json, written
// at exit and at a deadlock or hang (formats in README.md).
#pragma once

#include <cstdint>

#include "preload/sched/fmt.h"
#include "preload/sched/state.h"

namespace mt::sched {

// Creates the folder's files (nothing when MT_SCHED_OUT is unset).
void RecordInit();
// Under g.lock: decision `step` lets `s` perform its pending operation.
void RecordDecision(uint64_t step, const Slot& s);
// Writes summary.json with `outcome` ("exit", "deadlock", "hang"); `report`
// appends the report's JSON members (or nullptr). Returns its path, or
// nullptr when not recording.
const char* WriteSummary(const char* outcome, void (*report)(Buf&));
// The schedule's path, or nullptr.
const char* SchedulePath();

}  // namespace mt::sched
