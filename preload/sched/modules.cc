// The loaded modules' code ranges and what each is (modules.h).
#include "preload/sched/modules.h"

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
    if (reinterpret_cast<uintptr_t>(&RefreshModules) >= lo &&
        reinterpret_cast<uintptr_t>(&RefreshModules) < hi) {
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

bool InUserSpan(uintptr_t pc) { return pc >= user_lo && pc < user_hi; }

}  // namespace mt::sched
