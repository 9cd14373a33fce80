// The interrupt flag and its signal handler.
#include "harness/interrupt.h"

#include <signal.h>

namespace mt::harness {
namespace {

std::atomic<int> interrupted{0};
static_assert(std::atomic<int>::is_always_lock_free);  // async-signal-safe

void OnInterrupt(int sig) { interrupted.store(sig, std::memory_order_relaxed); }

}  // namespace

void CatchInterrupts() {
  struct sigaction sa {};
  sa.sa_handler = OnInterrupt;
  sigaction(SIGINT, &sa, nullptr);
  sigaction(SIGTERM, &sa, nullptr);
}

const std::atomic<int>& InterruptFlag() { return interrupted; }

}  // namespace mt::harness
