// Reads the executable's own symbol table (.symtab of /proc/self/exe, or
// .dynsym when stripped) once at start-up: where ThreadSanitizer's thread
// start function and its runtime's code lie. Raw system calls only.
#pragma once

#include <cstdint>

namespace mt::sched {

struct ExeSymbols {
  bool found_symtab = false;        // false: stripped; the runtime's range then
                                    // comes from its exported (dynamic) symbols
  uintptr_t tsan_thread_start = 0;  // link-time address of
                                    // __tsan_thread_start_func, 0 if none
  uintptr_t runtime_lo = 0;         // link-time range of the sanitizer
  uintptr_t runtime_hi = 0;         // runtime's functions, [lo, hi)
};

// Link-time addresses: add the executable's load bias.
ExeSymbols ReadExeSymbols();

}  // namespace mt::sched
