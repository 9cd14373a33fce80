// /proc/self/maps lookups (mapping.h).
#include "preload/sched/mapping.h"

#include <fcntl.h>

#include "preload/sched/core.h"
#include "preload/sched/lock.h"
#include "preload/sched/sys.h"

namespace mt::sched {
namespace {

struct Known {
  uintptr_t lo = 0, hi = 0;
  bool shared = false;
};
// A few mappings hold every futex word a program waits on (its data, heap,
// stacks, a shared region): 64 remembered, the oldest replaced.
constexpr int kKnown = 64;
Known known[kKnown];
int next_slot = 0;
Lock known_lock;

uintptr_t Hex(const char*& p) {
  uintptr_t v = 0;
  for (;; ++p) {
    char c = *p;
    if (c >= '0' && c <= '9') {
      v = v * 16 + static_cast<uintptr_t>(c - '0');
    } else if (c >= 'a' && c <= 'f') {
      v = v * 16 + static_cast<uintptr_t>(c - 'a' + 10);
    } else {
      return v;
    }
  }
}

// Reads /proc/self/maps for the line holding `address` ("lo-hi perms ...").
bool Lookup(uintptr_t address, Known* out) {
  long fd = Sys(SYS_open, reinterpret_cast<long>("/proc/self/maps"),
                O_RDONLY | O_CLOEXEC);
  if (fd < 0) return false;
  static char buf[8192];  // under known_lock
  long kept = 0;          // an unfinished line carried over from the last read
  bool found = false;
  for (;;) {
    long n = Sys(SYS_read, fd, reinterpret_cast<long>(buf + kept),
                 static_cast<long>(sizeof(buf)) - kept);
    if (n <= 0) break;
    long end = kept + n, start = 0;
    for (long i = 0; i < end && !found; ++i) {
      if (buf[i] != '\n') continue;
      const char* p = buf + start;
      uintptr_t lo = Hex(p);
      ++p;  // '-'
      uintptr_t hi = Hex(p);
      if (address >= lo && address < hi) {
        *out = Known{lo, hi, p[4] == 's'};  // " rw-s"
        found = true;
      }
      start = i + 1;
    }
    if (found) break;
    kept = end - start;
    for (long i = 0; i < kept; ++i) buf[i] = buf[start + i];
    if (kept == static_cast<long>(sizeof(buf))) kept = 0;  // no such line
  }
  Sys(SYS_close, fd);
  return found;
}

}  // namespace

bool InSharedMapping(uintptr_t address) {
  InSched in;  // a signal handler's futex call meanwhile passes through
  Guard lock(known_lock);
  for (const Known& k : known) {
    if (address >= k.lo && address < k.hi) return k.shared;
  }
  Known k;
  if (!Lookup(address, &k)) return false;
  known[next_slot] = k;
  next_slot = (next_slot + 1) % kKnown;
  return k.shared;
}

}  // namespace mt::sched
