// Claiming the run (claim.h).
#include "preload/sched/claim.h"

#include <fcntl.h>
#include <stdlib.h>
#include <sys/file.h>

#include "preload/sched/fmt.h"
#include "preload/sched/record.h"
#include "preload/sched/state.h"
#include "preload/sched/sys.h"

namespace mt::sched {
namespace {

enum { kUndecided, kOwner, kRefused };
int decision = kUndecided;  // decided once, by the main thread

bool Equal(const char* a, const char* b) {
  while (*a != '\0' && *a == *b) ++a, ++b;
  return *a == *b;
}

// mkdir -p: the hunt names a run's folder inside its own.
void MakeFolders(const char* path) {
  char part[1024];
  int n = 0;
  for (const char* p = path;
       *p != '\0' && n < static_cast<int>(sizeof(part)) - 1; ++p) {
    if (*p == '/' && n > 0) {
      part[n] = '\0';
      Sys(SYS_mkdir, reinterpret_cast<long>(part), 0755);
    }
    part[n++] = *p;
  }
  part[n] = '\0';
  Sys(SYS_mkdir, reinterpret_cast<long>(part), 0755);
}

bool LockOwnerFile() {
  if (g.cfg.out == nullptr) return true;
  MakeFolders(g.cfg.out);
  char path[1024];
  Buf b(path, sizeof(path) - 1);
  b.Str(g.cfg.out).Str("/.owner");
  path[b.size()] = '\0';
  long fd = Sys(SYS_open, reinterpret_cast<long>(path),
                O_RDWR | O_CREAT | O_CLOEXEC, 0644);
  if (fd < 0) return true;  // cannot tell: record anyway
  // Held (fd open) for the life of the process; a sibling started before
  // the owner named itself finds it held.
  return Sys(SYS_flock, fd, LOCK_EX | LOCK_NB) == 0;
}

}  // namespace

bool Claim() {
  if (decision != kUndecided) return decision == kOwner;
  char pid[24];
  Buf b(pid, sizeof(pid) - 1);
  b.U(static_cast<uint64_t>(Sys(SYS_getpid)));
  pid[b.size()] = '\0';
  // Our own pid there: this process exec'd itself after claiming.
  const char* owner = getenv("MT_SCHED_OWNER");
  bool ours = owner != nullptr && Equal(owner, pid);
  if ((owner != nullptr && !ours) || !LockOwnerFile()) {
    decision = kRefused;
    g.active.store(false);
    return false;
  }
  setenv("MT_SCHED_OWNER", pid, 1);
  decision = kOwner;
  RecordInit();
  return true;
}

bool Claimed() { return decision == kOwner; }

}  // namespace mt::sched
