// Ctrl-C and SIGTERM for the long-running verbs (run, hunt): the handler only
// records the signal; the supervision loop stops its child, keeps what was
// measured and exits 130.
#pragma once

#include <atomic>

namespace mt::harness {

// Installs the SIGINT and SIGTERM handler (again is harmless).
// Thread safety: from the main thread, before children or threads start (it
// sets the process's signal dispositions). InterruptFlag() and Interrupted():
// any thread; only the handler writes the flag.
void CatchInterrupts();
// The signal that came, 0 until one did. Relaxed: the loops poll it and
// nothing else is published through it.
const std::atomic<int>& InterruptFlag();
inline bool Interrupted() {
  return InterruptFlag().load(std::memory_order_relaxed) != 0;
}

}  // namespace mt::harness
