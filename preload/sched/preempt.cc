// Preemption timers and the scheduler's signal handler (preempt.h).
#include "preload/sched/preempt.h"

#include <errno.h>
#include <signal.h>

#include "preload/sched/core.h"
#include "preload/sched/real.h"
#include "preload/sched/report.h"
#include "preload/sched/rng.h"
#include "preload/sched/sys.h"

namespace mt::sched {
namespace {

std::atomic<int> installed{0};  // 0 no, 1 installing, 2 yes
thread_local int t_timer = -1;
thread_local uint64_t t_draws = 0;

// The next run of CPU time before a preemption: uniform in (0, 2 * mean],
// from a stream of the seed and the thread number (no libm: no logarithm
// for an exponential draw, and the mean is what the setting promises).
int64_t NextInterval(const Slot* s) {
  uint64_t x =
      g.cfg.seed ^ (static_cast<uint64_t>(s->number) << 32) ^ t_draws++;
  uint64_t r = SplitMix64(x);
  return 1 +
         static_cast<int64_t>(r % static_cast<uint64_t>(2 * g.cfg.preempt_ns));
}

void Arm(const Slot* s) {
  if (t_timer < 0) return;
  itimerspec its{};
  its.it_value = FromNs(NextInterval(s));
  Sys(SYS_timer_settime, t_timer, 0, reinterpret_cast<long>(&its), 0);
}

void OnSignal(int, siginfo_t*, void* context) {
  int saved_errno = errno;
  Slot* s = t_self;
  if (s != nullptr && s != kUncontrolled) {
    if (!CaptureFromSignal(s, context) && g.cfg.preempt_ns > 0 &&
        t_timer >= 0) {
      // Only the turn holder outside scheduler code is preempted; a thread
      // interrupted inside TSan's runtime may hold its locks, and the next
      // thread then blocks on them: the slice rule hands the turn back.
      if (t_in_sched == 0 && g.active.load(std::memory_order_relaxed) &&
          g.reporting.load(std::memory_order_relaxed) == 0 &&
          g.turn.load(std::memory_order_acquire) == s->index) {
        {
          InSched in;
          Guard lock(g.lock);
          ++g.preemptions;
        }
        Point(s, Op::kPreempt, nullptr);
      }
      Arm(s);
    }
  }
  errno = saved_errno;
}

}  // namespace

bool InstallSignalHandler() {
  int expected = 0;
  if (!installed.compare_exchange_strong(expected, 1)) {
    while (installed.load() == 1) {
    }
    return installed.load() == 2;
  }
  struct sigaction sa {};
  sa.sa_sigaction = OnSignal;
  sa.sa_flags = SA_SIGINFO | SA_RESTART;
  sigemptyset(&sa.sa_mask);
  bool ok = Real().sigaction(g.cfg.preempt_signal, &sa, nullptr) == 0;
  installed.store(ok ? 2 : 3);
  return ok;
}

void PreemptThreadStart(Slot* s) {
  if (g.cfg.preempt_ns <= 0 || !InstallSignalHandler()) return;
  sigevent sev{};
  sev.sigev_notify = SIGEV_THREAD_ID;
  sev.sigev_signo = g.cfg.preempt_signal;
  sev._sigev_un._tid = GetTid();
  int id = -1;
  if (Sys(SYS_timer_create, CLOCK_THREAD_CPUTIME_ID,
          reinterpret_cast<long>(&sev), reinterpret_cast<long>(&id)) != 0) {
    return;
  }
  t_timer = id;
  Arm(s);
}

void PreemptThreadEnd(Slot*) {
  if (t_timer < 0) return;
  Sys(SYS_timer_delete, t_timer);
  t_timer = -1;
}

}  // namespace mt::sched
