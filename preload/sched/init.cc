// Start-up and shut-down: reads the settings, decides whether to control
// this process, registers the main thread as thread 0 holding the turn, and
// writes the summary at exit.
#include <dlfcn.h>
#include <pthread.h>
#include <stdlib.h>
#include <unistd.h>

#include "preload/sched/claim.h"
#include "preload/sched/core.h"
#include "preload/sched/elf.h"
#include "preload/sched/modules.h"
#include "preload/sched/preempt.h"
#include "preload/sched/real.h"
#include "preload/sched/record.h"
#include "preload/sched/strategy.h"
#include "preload/sched/sys.h"

extern "C" void* __libc_stack_end;

namespace mt::sched {
namespace {

void Warn(const char* what) {
  char text[256];
  Buf b(text, sizeof(text));
  b.Str("mtsched: ").Str(what).Str("; the scheduler stays off\n");
  WriteAll(2, b.data(), static_cast<long>(b.size()));
}

void OnExit() {
  if (!g.active.load()) return;
  InSched in;
  Guard lock(g.lock);
  if (g.reporting.load() == 0 && Claimed()) WriteSummary("exit", nullptr);
}

// A forked child has only the forking thread: it runs uncontrolled (its
// schedule would mix into the parent's files).
void OnForkChild() { g.active.store(false); }

}  // namespace

__attribute__((constructor)) void Init() {
  Real();
  const Config cfg = ReadConfig();  // exits with status 2 on a bad value
  if (cfg.strategy == Strategy::kNone) return;
  if (dlsym(RTLD_NEXT, "__tsan_init") != nullptr) {
    // gcc's libtsan.so comes after us in the lookup order: our wrappers
    // would run before TSan's and hide the program's calls from it.
    Warn("a libtsan.so (gcc) program is not supported");
    return;
  }
  g.cfg = cfg;
  g.tsan = dlsym(RTLD_DEFAULT, "__tsan_init") != nullptr;
  RefreshModules();
  if (g.tsan) {
    ExeSymbols syms = ReadExeSymbols();
    if (syms.tsan_thread_start != 0) {
      g.tsan_start = ExeBias() + syms.tsan_thread_start;
      g.tsan_start_source = "symtab";
    }
    SetRuntimeRange(syms.runtime_lo, syms.runtime_hi);
  }
  StrategyInit();
  Slot* main_slot;
  {
    Guard lock(g.lock);
    main_slot = AllocSlot();
    main_slot->tid = GetTid();
    main_slot->pthread = static_cast<uint64_t>(pthread_self());
    main_slot->stack_hi = reinterpret_cast<uintptr_t>(__libc_stack_end);
    g.turn.store(main_slot->index);
  }
  t_self = main_slot;
  atexit(OnExit);
  pthread_atfork(nullptr, nullptr, OnForkChild);
  g.active.store(true);
  PreemptThreadStart(main_slot);
}

}  // namespace mt::sched
