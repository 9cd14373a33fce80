// Module table and call sites (callsite.h).
#include "preload/sched/callsite.h"

#include <link.h>

#include "preload/sched/core.h"
#include "preload/sched/lock.h"
#include "preload/sched/real.h"

namespace mt::sched {
namespace {

enum class Kind : uint8_t { kUser, kSystem, kSelf };

struct Range {
  uintptr_t lo, hi, bias;
  const char* path;
  Kind kind;
  bool exe;
};

constexpr int kMaxRanges = 256;
// Readers run on every scheduling point and never lock: a sequence count
// tells them to retry while a refresh rewrites the table (rare: start-up
// and dlopen).
Range ranges[kMaxRanges];
int range_count = 0;
std::atomic<uint32_t> sequence{0};
Lock refresh_lock;
uintptr_t user_lo = 0, user_hi = 0;  // span of all user code, a quick filter
uintptr_t exe_bias = 0, runtime_lo = 0, runtime_hi = 0;
char exe_path[512];

const char* Basename(const char* path) {
  const char* b = path;
  for (const char* p = path; *p != '\0'; ++p) {
    if (*p == '/') b = p + 1;
  }
  return b;
}

bool StartsWith(const char* s, const char* prefix) {
  while (*prefix != '\0' && *s == *prefix) ++s, ++prefix;
  return *prefix == '\0';
}

Kind Classify(const char* path) {
  static const char* const kSystem[] = {
      "libc.so",    "libm.so",  "libstdc++.so", "libgcc_s.so", "ld-linux",
      "libpthread", "libdl.so", "librt.so",     "linux-vdso",  "libtsan",
      "libasan",    "libubsan", "libclang_rt",  "libc++",      "libunwind"};
  const char* base = Basename(path);
  for (const char* s : kSystem) {
    if (StartsWith(base, s)) return Kind::kSystem;
  }
  return Kind::kUser;
}

int Collect(dl_phdr_info* info, size_t, void*) {
  bool exe = info->dlpi_name == nullptr || info->dlpi_name[0] == '\0';
  const char* path = exe ? exe_path : info->dlpi_name;
  for (int i = 0; i < info->dlpi_phnum && range_count < kMaxRanges; ++i) {
    const ElfW(Phdr)& ph = info->dlpi_phdr[i];
    if (ph.p_type != PT_LOAD) continue;
    uintptr_t lo = info->dlpi_addr + ph.p_vaddr, hi = lo + ph.p_memsz;
    if ((ph.p_flags & PF_X) == 0) continue;
    Kind kind = exe ? Kind::kUser : Classify(path);
    if (reinterpret_cast<uintptr_t>(&CallSite) >= lo &&
        reinterpret_cast<uintptr_t>(&CallSite) < hi) {
      kind = Kind::kSelf;
    }
    ranges[range_count++] = Range{lo, hi, info->dlpi_addr, path, kind, exe};
    if (exe) exe_bias = info->dlpi_addr;
  }
  return 0;
}

const Range* Find(uintptr_t pc) {
  for (int i = 0; i < range_count; ++i) {
    if (pc >= ranges[i].lo && pc < ranges[i].hi) return &ranges[i];
  }
  return nullptr;
}

bool IsUserCode(uintptr_t pc) {
  const Range* r = Find(pc);
  if (r == nullptr || r->kind != Kind::kUser) return false;
  if (r->exe && pc - exe_bias >= runtime_lo && pc - exe_bias < runtime_hi)
    return false;
  return pc - 8 >= r->lo;  // the call instruction's bytes are readable
}

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

void RefreshModules() {
  InSched in;  // the preemption handler reads the table
  Guard lock(refresh_lock);
  if (exe_path[0] == '\0') {
    long n = Sys(SYS_readlink, reinterpret_cast<long>("/proc/self/exe"),
                 reinterpret_cast<long>(exe_path), sizeof(exe_path) - 1);
    exe_path[n > 0 ? n : 0] = '\0';
  }
  sequence.fetch_add(1, std::memory_order_acq_rel);  // odd: rewriting
  range_count = 0;
  Real().dl_iterate_phdr(Collect, nullptr);
  user_lo = UINTPTR_MAX;
  user_hi = 0;
  for (int i = 0; i < range_count; ++i) {
    if (ranges[i].kind != Kind::kUser) continue;
    if (ranges[i].lo < user_lo) user_lo = ranges[i].lo;
    if (ranges[i].hi > user_hi) user_hi = ranges[i].hi;
  }
  sequence.fetch_add(1, std::memory_order_release);
}

void SetRuntimeRange(uintptr_t lo, uintptr_t hi) {
  runtime_lo = lo;
  runtime_hi = hi;
}

uintptr_t ExeBias() { return exe_bias; }

uintptr_t CallSite(const Slot* s) {
  // Scan from just above this frame. 512 words (4 KiB) covers this
  // library's frames and TSan's interceptor frame with room to spare.
  auto* sp = static_cast<const uintptr_t*>(__builtin_frame_address(0));
  uintptr_t hi =
      s->stack_hi != 0 ? s->stack_hi : reinterpret_cast<uintptr_t>(sp) + 4096;
  for (;;) {
    uint32_t seq = sequence.load(std::memory_order_acquire);
    if ((seq & 1) != 0) continue;
    uintptr_t found = 0;
    for (int i = 0; i < 512 && reinterpret_cast<uintptr_t>(sp + i + 1) <= hi;
         ++i) {
      uintptr_t w = sp[i];
      if (w < user_lo || w >= user_hi) continue;
      if (IsUserCode(w) && AfterCall(w)) {
        found = w;
        break;
      }
    }
    if (sequence.load(std::memory_order_acquire) == seq) return found;
  }
}

bool IsProgramCode(uintptr_t pc) {
  uint32_t seq = sequence.load(std::memory_order_acquire);
  if ((seq & 1) != 0) return false;
  bool yes = IsUserCode(pc);
  return sequence.load(std::memory_order_acquire) == seq && yes;
}

bool InThisLibrary(uintptr_t pc) {
  const Range* r = Find(pc);
  return r != nullptr && r->kind == Kind::kSelf;
}

bool InSanitizerRuntime(uintptr_t pc) {
  const Range* r = Find(pc);
  return r != nullptr && r->exe && pc - exe_bias >= runtime_lo &&
         pc - exe_bias < runtime_hi;
}

void AppendLocation(Buf& b, uintptr_t pc) {
  const Range* r = Find(pc);
  if (r == nullptr) {
    b.Hex(pc);
    return;
  }
  b.Str(r->path).Ch('+').Hex(pc - r->bias);
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
