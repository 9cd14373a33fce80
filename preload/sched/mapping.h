// Whether an address lies in memory another process may map too (a
// MAP_SHARED mapping, "s" in /proc/self/maps): a futex there may be woken
// from outside. Results are cached per mapping; not for signal handlers.
#pragma once

#include <cstdint>

namespace mt::sched {

bool InSharedMapping(uintptr_t address);

}  // namespace mt::sched
