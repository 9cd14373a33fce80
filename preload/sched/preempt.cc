// Preemption timers and the scheduler's signal handler (preempt.h).
#include "preload/sched/preempt.h"

#include <errno.h>
#include <signal.h>
#include <ucontext.h>

#include "preload/sched/core.h"
#include "preload/sched/modules.h"
#include "preload/sched/real.h"
#include "preload/sched/report.h"
#include "preload/sched/rng.h"
#include "preload/sched/sys.h"

namespace mt::sched {
namespace {

std::atomic<int> installed{0};  // 0 no, 1 installing, 2 yes, 3 failed
thread_local int t_timer = -1;
thread_local bool t_armed = false;
thread_local uint64_t t_draws = 0;

// The next run before a preemption: uniform in (0, 2 * mean], from a stream
// of the seed and the thread number (no libm, so no exponential draw; the
// mean is what the setting promises).
int64_t NextInterval(const Slot* s, int64_t mean) {
  uint64_t x =
      g.cfg.seed ^ (static_cast<uint64_t>(s->number) << 32) ^ t_draws++;
  return 1 +
         static_cast<int64_t>(SplitMix64(x) % static_cast<uint64_t>(2 * mean));
}

void Arm(const Slot* s, int64_t mean) {
  itimerspec its{};
  its.it_value = FromNs(NextInterval(s, mean));
  t_armed =
      Sys(SYS_timer_settime, t_timer, 0, reinterpret_cast<long>(&its), 0) == 0;
}

// Where the timer interrupted the thread: only in the program's own code
// may it be preempted. In TSan's runtime, libc or this library it may hold
// an internal lock the next thread needs (or, inside pthread_create, owe
// TSan's start handshake to a child that would then hold the turn).
uintptr_t InterruptedPc(void* context) {
  auto* uc = static_cast<ucontext_t*>(context);
  return static_cast<uintptr_t>(uc->uc_mcontext.gregs[REG_RIP]);
}

void OnSignal(int, siginfo_t*, void* context) {
  int saved_errno = errno;
  Slot* s = t_self;
  if (s != nullptr && s != kUncontrolled && !CaptureFromSignal(s, context) &&
      t_timer >= 0) {
    t_armed = false;
    State st = s->state.load(std::memory_order_acquire);
    bool holder = g.turn.load(std::memory_order_acquire) == s->index;
    bool running = holder || st == State::kOutside;
    if (running && t_in_sched == 0 &&
        g.active.load(std::memory_order_relaxed) &&
        g.reporting.load(std::memory_order_relaxed) == 0) {
      uintptr_t pc = InterruptedPc(context);
      if (IsProgramCode(pc)) {
        {
          InSched in;
          Guard lock(g.lock);
          ++g.preemptions;
        }
        // A scheduling point like any other; a thread outside control
        // rejoins here. WaitTurn arms the next timer when it returns.
        Point(s, Op::kPreempt, nullptr, pc);
      } else {
        Arm(s, g.cfg.preempt_ns / 8);  // try again soon, elsewhere
      }
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

void PreemptThreadStart(Slot*) {
  if (g.cfg.preempt_ns <= 0 || !InstallSignalHandler()) return;
  // A monotonic (high-resolution) timer: CPU-time timers here fire only on
  // the scheduler tick (16 signals in 200 ms asked every 50 us, measured).
  sigevent sev{};
  sev.sigev_notify = SIGEV_THREAD_ID;
  sev.sigev_signo = g.cfg.preempt_signal;
  sev._sigev_un._tid = GetTid();
  int id = -1;
  if (Sys(SYS_timer_create, CLOCK_MONOTONIC, reinterpret_cast<long>(&sev),
          reinterpret_cast<long>(&id)) == 0) {
    t_timer = id;
  }
}

void PreemptOnTurn(Slot* s) {
  if (t_timer >= 0 && !t_armed) Arm(s, g.cfg.preempt_ns);
}

void PreemptThreadEnd(Slot*) {
  if (t_timer < 0) return;
  Sys(SYS_timer_delete, t_timer);
  t_timer = -1;
}

}  // namespace mt::sched
