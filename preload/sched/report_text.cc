// The report's two forms, built together so that each frame is symbolised
// once: the JSON members summary.json gets, and the text for stderr.
#include "preload/sched/report_text.h"

#include "preload/sched/modules.h"
#include "preload/sched/sys.h"

namespace mt::sched {
namespace {

char kernel_state[kMaxThreads][112];  // outside threads' /proc syscall line
char json[1 << 16];

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

void Pad(Buf& t) { t.Str("==mtsched== "); }

// Builds the report's JSON (json_buf) and text together, so that each frame
// is symbolised once; `symbolize` is TSan's, or nullptr.
}  // namespace

void BuildReport(Buf& t, SymbolizeFn symbolize) {
  const bool deadlock = g.verdict == Verdict::kDeadlock;
  const char* reason =
      deadlock ? "no enabled thread"
               : "every thread blocked, outside control in the kernel";
  Buf j(json, sizeof(json));
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

const char* ReportJson() { return json; }

void NoteKernelState(int slot, const char* line) {
  Buf b(kernel_state[slot], sizeof(kernel_state[slot]) - 1);
  b.Str(line);
  kernel_state[slot][b.size()] = '\0';
}

}  // namespace mt::sched
