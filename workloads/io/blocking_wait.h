// The unit of "I/O" for the pool scenario: a blocking wait that holds no CPU
// while it waits, as a read from a slow device or the network would.
#pragma once

#include <chrono>

namespace mt::workloads {

// Sleeps the calling thread for at least `duration` (nanosleep on the
// monotonic clock, resumed after signals). The kernel's timer slack (50 µs
// by default) and the wake-up come on top, so callers measure the real wait
// rather than assume it.
// Thread safety: any thread; it touches no shared state.
void BlockingWait(std::chrono::microseconds duration);

}  // namespace mt::workloads
