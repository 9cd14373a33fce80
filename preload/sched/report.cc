// Deadlock and hang reports (report.h).
#include "preload/sched/report.h"

#include <dlfcn.h>
#include <execinfo.h>
#include <signal.h>
#include <ucontext.h>

#include "preload/sched/callsite.h"
#include "preload/sched/claim.h"
#include "preload/sched/fmt.h"
#include "preload/sched/monitor.h"
#include "preload/sched/preempt.h"
#include "preload/sched/record.h"
#include "preload/sched/sys.h"

namespace mt::sched {
namespace {

using SymbolizeFn = void (*)(void* pc, const char* fmt, char* out, size_t size);

char kernel_state[kMaxThreads][112];  // outside threads' /proc syscall line
char json[1 << 16];
char text[1 << 16];
Buf json_buf(json, sizeof(json));

const char* StateName(State s) {
  switch (s) {
    case State::kEnabled:
      return "enabled";
    case State::kBlocked:
      return "blocked";
    case State::kOutside:
      return "outside";
    case State::kFinished:
      return "finished";
    case State::kFree:
      break;
  }
  return "free";
}

const char* WaitName(Wait w) {
  static const char* const kNames[] = {"none",    "mutex", "rwlock", "spin",
                                       "sem",     "cond",  "join",   "futex",
                                       "barrier", "sleep"};
  return kNames[static_cast<int>(w)];
}

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

void Pad(Buf& t) { t.Str("==mtsched== "); }

// Builds the report's JSON (json_buf) and text together, so that each frame
// is symbolised once; `symbolize` is TSan's, or nullptr.
void Build(Buf& t, SymbolizeFn symbolize) {
  const bool deadlock = g.verdict == Verdict::kDeadlock;
  const char* reason =
      deadlock ? "no enabled thread"
               : "every thread blocked, outside control in the kernel";
  Buf& j = json_buf;
  j.Str(", \"report\": {\"kind\": ").Json(deadlock ? "deadlock" : "hang");
  j.Str(", \"reason\": ").Json(reason).Str(", \"step\": ").U(g.report_step);
  j.Str(", \"threads\": [");
  Pad(t);
  t.Str(deadlock ? "deadlock: " : "hang: ").Str(reason).Str(" (strategy ");
  t.Str(StrategyName(g.cfg.strategy))
      .Str(", seed ")
      .U(g.cfg.seed)
      .Str(", step ");
  t.U(g.report_step).Str(")\n");
  bool first = true;
  int omitted = 0;
  for (int i = 0; i < g.slots_used; ++i) {
    Slot& s = g_slots[i];
    State st = s.state.load(std::memory_order_acquire);
    if (st == State::kFree || st == State::kFinished) continue;
    // Many threads: keep the JSON whole; the later ones go without stacks,
    // then unlisted (a thread's entry with a full stack takes < 8 KiB).
    if (j.size() + 1024 > sizeof(json)) {
      ++omitted;
      continue;
    }
    if (!first) j.Str(", ");
    first = false;
    j.Str("{\"thread\": ")
        .U(static_cast<uint64_t>(s.number))
        .Str(", \"tid\": ");
    j.U(static_cast<uint64_t>(s.tid)).Str(", \"state\": ").Json(StateName(st));
    j.Str(", \"op\": ")
        .Json(OpName(s.op))
        .Str(", \"object\": \"")
        .Hex(s.object)
        .Ch('"');
    j.Str(", \"wait\": ")
        .Json(WaitName(st == State::kBlocked ? s.wait : Wait::kNone));
    j.Str(", \"call_site\": \"");
    AppendLocation(j, s.pc);
    j.Ch('"');
    Pad(t);
    t.Str("thread ")
        .U(static_cast<uint64_t>(s.number))
        .Str(" (tid ")
        .U(static_cast<uint64_t>(s.tid));
    t.Str(") ")
        .Str(StateName(st))
        .Str(" in ")
        .Str(OpName(s.op))
        .Ch('(')
        .Hex(s.object)
        .Ch(')');
    if (st == State::kBlocked)
      t.Str(", waits for ").Str(WaitName(s.wait)).Ch(' ').Hex(s.object);
    t.Str(" at ");
    AppendLocation(t, s.pc);
    t.Ch('\n');
    if (st == State::kOutside && kernel_state[i][0] != '\0') {
      j.Str(", \"kernel\": ").Json(kernel_state[i]);
      Pad(t);
      t.Str("    in the kernel: syscall ").Str(kernel_state[i]).Ch('\n');
    }
    j.Str(", \"stack\": [");
    int frames = s.capture.load(std::memory_order_acquire) == 2 ? s.frames : 0;
    if (j.size() + 8192 > sizeof(json)) frames = 0;
    for (int f = 0, shown = 0; f < frames; ++f) {
      if (InThisLibrary(s.frame[f])) continue;  // our own start routine
      char sym[256];
      sym[0] = '\0';
      if (symbolize != nullptr) {
        symbolize(reinterpret_cast<void*>(s.frame[f] - 1), "%f %L", sym,
                  sizeof(sym));
      }
      j.Str(shown > 0 ? ", {\"pc\": \"" : "{\"pc\": \"");
      AppendLocation(j, s.frame[f]);
      j.Str("\", \"symbol\": ").Json(sym).Ch('}');
      Pad(t);
      t.Str("    #")
          .U(static_cast<uint64_t>(shown++))
          .Ch(' ')
          .Str(sym[0] != '\0' ? sym : "?");
      t.Str(" (");
      AppendLocation(t, s.frame[f]);
      t.Str(")\n");
    }
    j.Str("]}");
  }
  // Time from the verdict to here: stacks captured and symbolised.
  j.Str("], \"threads_omitted\": ").I(omitted);
  j.Str(", \"report_ms\": ").I((MonoNs() - g.verdict_ns) / 1000000).Ch('}');
}

void AppendReport(Buf& b) { b.Str(json); }

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
  Build(t, symbolize);
  const bool deadlock = g.verdict == Verdict::kDeadlock;
  const char* summary =
      WriteSummary(deadlock ? "deadlock" : "hang", AppendReport);
  if (summary != nullptr) {
    Pad(t);
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

void NoteKernelState(int slot, const char* line) {
  Buf b(kernel_state[slot], sizeof(kernel_state[slot]) - 1);
  b.Str(line);
  kernel_state[slot][b.size()] = '\0';
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
