// Call sites and stacks as module+offset: the loaded modules' code ranges,
// which of them are the program's own, and the search for an operation's
// call site (the first return address in the program's code).
#pragma once

#include <cstdint>

#include "preload/sched/fmt.h"
#include "preload/sched/state.h"

namespace mt::sched {

// Reads the loaded modules (again after a dlopen). Not from a signal handler.
void RefreshModules();
// Tells the table where the executable's sanitizer runtime lies (link-time
// addresses; elf.h), so call sites skip it like libc.
void SetRuntimeRange(uintptr_t lo, uintptr_t hi);
// The executable's load bias (0 before RefreshModules).
uintptr_t ExeBias();

// The return address of the current operation in the program's own code
// (the executable or a user library, never this library, the sanitizer
// runtime, libc, libstdc++ or the loader), found by scanning this thread's
// stack upward for a word that points just after a call instruction in such
// code: TSan's runtime keeps no frame pointers, so a frame walk would skip
// the very frame that called the intercepted function. 0 if none.
uintptr_t CallSite(const Slot* s);

// Whether pc lies in the program's own code (as CallSite() means it).
// Async-signal-safe, except while this thread refreshes the table.
bool IsProgramCode(uintptr_t pc);
// Whether pc lies in this library's code; in the executable's sanitizer
// runtime.
bool InThisLibrary(uintptr_t pc);
bool InSanitizerRuntime(uintptr_t pc);

// Appends "path+0xoffset" (an address addr2line/llvm-symbolizer take with
// the path), or "0x<pc>" outside every module.
void AppendLocation(Buf& b, uintptr_t pc);

// Walks the frame-pointer chain from (fp, pc) within [lo, hi); returns the
// number of return addresses written. Async-signal-safe.
int WalkFrames(uintptr_t pc, uintptr_t fp, uintptr_t lo, uintptr_t hi,
               uintptr_t* out, int max);

}  // namespace mt::sched
