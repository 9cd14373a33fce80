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

}  // namespace

uintptr_t CallSite(const Slot* s) {
  // Scan from just above this frame. 512 words (4 KiB) covers this
  // library's frames and TSan's interceptor frame with room to spare.
  auto* sp = static_cast<const uintptr_t*>(__builtin_frame_address(0));
  uintptr_t hi =
      s->stack_hi != 0 ? s->stack_hi : reinterpret_cast<uintptr_t>(sp) + 4096;
  for (int i = 0; i < 512 && reinterpret_cast<uintptr_t>(sp + i + 1) <= hi;
       ++i) {
    uintptr_t w = sp[i];
    if (InUserSpan(w) && IsProgramCode(w) && AfterCall(w)) return w;
  }
  return 0;
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
