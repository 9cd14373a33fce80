// Deadlock and hang reports (report.h): who writes them, stack captures,
// and the end of the run.
#include "preload/sched/report.h"

#include <dlfcn.h>
#include <execinfo.h>
#include <signal.h>
#include <ucontext.h>

#include "preload/sched/callsite.h"
#include "preload/sched/claim.h"
#include "preload/sched/fmt.h"
#include "preload/sched/modules.h"
#include "preload/sched/monitor.h"
#include "preload/sched/preempt.h"
#include "preload/sched/record.h"
#include "preload/sched/report_text.h"
#include "preload/sched/sys.h"

namespace mt::sched {
namespace {

char text[1 << 16];

// The thread's own stack, by DWARF unwinding (works without frame
// pointers), without the frames of this library and, at the top, of the
// sanitizer runtime's backtrace interceptor.
void CaptureOwn(Slot* s) {
  void* frames[kMaxFrames + 16];
  int n = backtrace(frames, kMaxFrames + 16);
  int i = 0;
  while (i < n &&
         (InThisLibrary(reinterpret_cast<uintptr_t>(frames[i])) ||
          InSanitizerRuntime(reinterpret_cast<uintptr_t>(frames[i])))) {
    ++i;
  }
  s->frames = 0;
  for (; i < n && s->frames < kMaxFrames; ++i) {
    auto pc = reinterpret_cast<uintptr_t>(frames[i]);
    if (!InThisLibrary(pc)) s->frame[s->frames++] = pc;
  }
}

void AppendReport(Buf& b) { b.Str(ReportJson()); }

[[noreturn]] void Run(Slot* self) {
  // Ask every other thread for its stack: waiting ones capture their own,
  // threads outside control are interrupted by a signal.
  int requested[kMaxThreads];
  int count = 0;
  for (int i = 0; i < g.slots_used; ++i) {
    Slot& s = g_slots[i];
    State st = s.state.load(std::memory_order_acquire);
    if (&s == self || st == State::kFree || st == State::kFinished) continue;
    s.capture.store(1, std::memory_order_release);
    if (st == State::kOutside) {
      if (s.tid != 0 && InstallSignalHandler()) {
        Sys(SYS_tgkill, Sys(SYS_getpid), s.tid, g.cfg.preempt_signal);
      }
    } else {
      s.wake.fetch_add(1, std::memory_order_release);
      FutexWake(&s.wake, 1);
    }
    requested[count++] = i;
  }
  if (self != nullptr) {
    RefreshModules();  // a library loaded since start-up
    Claim();           // a single-threaded program has not yet
    CaptureOwn(self);
    self->capture.store(2, std::memory_order_release);
  }
  // Each capture takes microseconds (the first backtrace() loads libgcc_s);
  // a thread that cannot answer within 1 s is reported without a stack.
  int64_t give_up = MonoNs() + kNsPerSec;
  for (int k = 0; k < count; ++k) {
    while (g_slots[requested[k]].capture.load(std::memory_order_acquire) != 2 &&
           MonoNs() < give_up) {
      timespec pause = FromNs(1000000);
      Sys(SYS_nanosleep, reinterpret_cast<long>(&pause), 0);
    }
  }
  // Symbolising (TSan's symbolizer) is for a thread TSan knows: not the
  // monitor (self == nullptr).
  SymbolizeFn symbolize = nullptr;
  if (self != nullptr) {
    symbolize = reinterpret_cast<SymbolizeFn>(
        dlsym(RTLD_DEFAULT, "__sanitizer_symbolize_pc"));
  }
  Buf t(text, sizeof(text));
  BuildReport(t, symbolize);
  const bool deadlock = g.verdict == Verdict::kDeadlock;
  const char* summary =
      WriteSummary(deadlock ? "deadlock" : "hang", AppendReport);
  if (summary != nullptr) {
    t.Str("==mtsched== ");
    t.Str("schedule: ")
        .Str(SchedulePath())
        .Str("; summary: ")
        .Str(summary)
        .Ch('\n');
  }
  WriteAll(2, t.data(), static_cast<long>(t.size()));
  ExitGroup(deadlock ? kDeadlockStatus : kHangStatus);
}

}  // namespace

void StartReport(Verdict verdict, int caller) {
  if (g.reporting.exchange(1) != 0) return;
  g.verdict = verdict;
  g.verdict_ns = MonoNs();
  g.report_step = g.step;
  int r = kNoThread;
  if (caller != kNoThread && g_slots[caller].state.load() == State::kBlocked)
    r = caller;
  for (int i = 0; r == kNoThread && i < g.slots_used; ++i) {
    if (g_slots[i].state.load() == State::kBlocked) r = i;
  }
  g.reporter.store(r, std::memory_order_release);
  if (r == kNoThread) {
    KickMonitor();
    return;
  }
  g_slots[r].wake.fetch_add(1, std::memory_order_release);
  FutexWake(&g_slots[r].wake, 1);
}

void ServeReport(Slot* s) {
  if (s->capture.load(std::memory_order_acquire) == 1) {
    CaptureOwn(s);
    s->capture.store(2, std::memory_order_release);
  }
  if (g.reporting.load(std::memory_order_acquire) != 0 &&
      g.reporter.load(std::memory_order_acquire) == s->index) {
    Run(s);
  }
}

void ServeMonitorReport() {
  if (g.reporting.load(std::memory_order_acquire) != 0 &&
      g.reporter.load(std::memory_order_acquire) == kNoThread) {
    Run(nullptr);
  }
}

bool CaptureFromSignal(Slot* s, void* context) {
  if (s->capture.load(std::memory_order_acquire) != 1) return false;
  auto* uc = static_cast<ucontext_t*>(context);
  auto rip = static_cast<uintptr_t>(uc->uc_mcontext.gregs[REG_RIP]);
  auto rbp = static_cast<uintptr_t>(uc->uc_mcontext.gregs[REG_RBP]);
  auto rsp = static_cast<uintptr_t>(uc->uc_mcontext.gregs[REG_RSP]);
  uintptr_t hi = s->stack_hi != 0 ? s->stack_hi : rsp + 65536;
  s->frames = WalkFrames(rip, rbp, rsp, hi, s->frame, kMaxFrames);
  s->capture.store(2, std::memory_order_release);
  return true;
}

}  // namespace mt::sched
