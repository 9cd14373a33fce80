// The loaded modules' code ranges and what each is: this library, a system
// library (libc, libstdc++, libgcc_s, libm, the loader, sanitizer runtimes)
// or the program's own code (the executable outside its sanitizer runtime,
// or any other library). Call sites and stacks are written module+offset.
#pragma once

#include <cstdint>

#include "preload/sched/fmt.h"

namespace mt::sched {

// Reads the loaded modules (at start-up, and again for a report: a library
// loaded in between is unknown until then). Not from a signal handler.
void RefreshModules();
// Tells the table where the executable's sanitizer runtime lies (link-time
// addresses; elf.h), so call sites skip it like libc.
void SetRuntimeRange(uintptr_t lo, uintptr_t hi);
// The executable's load bias (0 before RefreshModules).
uintptr_t ExeBias();

// A cheap first test: pc lies between the lowest and the highest code
// address of the program's own modules.
bool InUserSpan(uintptr_t pc);
// Whether pc lies in the program's own code. Async-signal-safe (false
// while this very thread refreshes the table).
bool IsProgramCode(uintptr_t pc);
// Whether pc lies in this library's code; in the executable's sanitizer
// runtime.
bool InThisLibrary(uintptr_t pc);
bool InSanitizerRuntime(uintptr_t pc);

// Appends "path+0xoffset" (an address addr2line/llvm-symbolizer take with
// the path), or "0x<pc>" outside every module.
void AppendLocation(Buf& b, uintptr_t pc);

}  // namespace mt::sched
