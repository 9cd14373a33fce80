// Call sites and frame walks (callsite.h).
#include "preload/sched/callsite.h"

#include "preload/sched/modules.h"

namespace mt::sched {
namespace {

// Whether the bytes before `ret` end with a call instruction (rel32, or
// indirect through a register or memory, with or without displacement).
bool AfterCall(uintptr_t ret) {
  const auto* p = reinterpret_cast<const uint8_t*>(ret);
  if (p[-5] == 0xE8) return true;
  for (int len = 2; len <= 7; ++len) {
    if (p[-len] == 0xFF && (p[1 - len] & 0x38) == 0x10) return true;
  }
  return false;
}

// Whether `ret` follows a direct call (E8 rel32) to the function that
// contains `inside`: a function is taken to span at most 16 KiB.
bool CallsInto(uintptr_t ret, uintptr_t inside) {
  const auto* p = reinterpret_cast<const uint8_t*>(ret);
  if (p[-5] != 0xE8) return false;
  int32_t rel;
  __builtin_memcpy(&rel, p - 4, sizeof(rel));
  uintptr_t target = ret + static_cast<uintptr_t>(static_cast<intptr_t>(rel));
  return target <= inside && inside - target < 16384;
}

}  // namespace

uintptr_t CallSite(const Slot* s) {
  auto* fp = static_cast<const uintptr_t*>(__builtin_frame_address(0));
  uintptr_t hi =
      s->stack_hi != 0 ? s->stack_hi : reinterpret_cast<uintptr_t>(fp) + 4096;
  // This library keeps frame pointers: climb its frames to the wrapper the
  // program (or TSan's interceptor) called; `entry` is its return address.
  uintptr_t entry = 0;
  for (int depth = 0; depth < 32; ++depth) {
    auto at = reinterpret_cast<uintptr_t>(fp);
    if (at + 16 > hi) return 0;
    entry = fp[1];
    if (!InThisLibrary(entry)) break;
    if (fp[0] <= at) return 0;
    fp = reinterpret_cast<const uintptr_t*>(fp[0]);
  }
  // Called from the program's own code (a program without TSan): exact.
  if (IsProgramCode(entry)) return entry;
  // Called from TSan's interceptor, which keeps no frame pointer: scan the
  // stack above for a return address in the program's code. Stale words of
  // earlier calls may lie in the interceptor's frame; the one whose call
  // went into the interceptor itself is the call site. Without one (a call
  // through a PLT, or from libstdc++), the first plausible word.
  uintptr_t first = 0;
  const uintptr_t* sp = fp + 2;
  for (int i = 0; i < 512 && reinterpret_cast<uintptr_t>(sp + i + 1) <= hi;
       ++i) {
    uintptr_t w = sp[i];
    if (!InUserSpan(w) || !IsProgramCode(w) || !AfterCall(w)) continue;
    if (CallsInto(w, entry)) return w;
    if (first == 0) first = w;
  }
  return first;
}

int WalkFrames(uintptr_t pc, uintptr_t fp, uintptr_t lo, uintptr_t hi,
               uintptr_t* out, int max) {
  int n = 0;
  if (pc != 0 && n < max) out[n++] = pc;
  while (n < max && fp >= lo && fp + 16 <= hi && (fp & 7) == 0) {
    auto* frame = reinterpret_cast<const uintptr_t*>(fp);
    uintptr_t ret = frame[1];
    if (ret == 0) break;
    out[n++] = ret;
    if (frame[0] <= fp) break;  // frames grow upward; anything else is junk
    fp = frame[0];
  }
  return n;
}

}  // namespace mt::sched
