// Ways to start a task and wait for it, as the spawn scenario times them:
// fork, vfork, fork + exec, posix_spawn, clone(CLONE_VM | CLONE_VFORK), a
// thread, and the two start methods of Python's multiprocessing, emulated.
// Every function reaps the child it started before it returns or throws.
#pragma once

#include <sys/types.h>

#include <cstdint>
#include <functional>
#include <stdexcept>
#include <string>

#include "workloads/process/forked.h"
#include "workloads/process/spawn_task.h"

namespace mt::workloads {

// Thread safety: any thread; each call waits for its own child only. The
// fork-based calls copy only the calling thread: see ForkAndRun for what the
// child may do when the parent has threads.

// Waits for `pid`, retrying on EINTR; throws std::system_error when waitpid
// fails (the pid is not our child).
ChildExit Reap(pid_t pid);

// A child that ended without delivering what it was asked for.
class ChildFailed : public std::runtime_error {
 public:
  ChildFailed(const std::string& what, ChildExit how)
      : std::runtime_error(what + ": child ended by " + how.ToString()),
        how_(how) {}
  const ChildExit& how() const { return how_; }

 private:
  ChildExit how_;
};

// fork(): the child runs `child_body` and _exits with its return value (the
// parent's copy of memory is the child's own: its writes stay in the child).
// When the parent has threads, `child_body` must be async-signal-safe.
ChildExit ForkAndRun(const std::function<int()>& child_body);
// fork(); the child calls _exit(code) at once (lmbench's lat_proc fork).
ChildExit ForkAndExit(int code);
// vfork(); the child calls _exit(code) at once. The parent is suspended and
// its memory is borrowed, not copied.
ChildExit VforkAndExit(int code);
// clone(CLONE_VM | CLONE_VFORK | SIGCHLD): a process sharing our memory (its
// writes are visible to us) while we are suspended, running `fn(arg)` on a
// stack of its own; its return value is its exit status.
ChildExit CloneVmAndRun(int (*fn)(void*), void* arg);
// fork(), then the child execv()s `path` (exit 127 when that fails).
ChildExit ForkExec(const char* path, char* const argv[]);
// posix_spawn() of `path` (glibc: clone(CLONE_VM | CLONE_VFORK) + exec);
// throws std::system_error when it cannot start.
ChildExit PosixSpawnAndWait(const char* path, char* const argv[]);
// std::thread running `body`, joined.
void ThreadCreateJoin(const std::function<void()>& body);

// multiprocessing's "spawn" start method: posix_spawn `helper` (which must
// read a SpawnTask from stdin and write the result to stdout, as
// tools/spawn_target --task does), send it the task over a socket pair, read
// the result back, reap it. Throws ChildFailed when no result comes back.
std::uint64_t RunInSpawnedHelper(const char* helper, const SpawnTask& task);
// multiprocessing's "fork" start method: fork; the child runs the task that
// is already in its copy of our memory and sends the result back.
std::uint64_t RunInForkedChild(const SpawnTask& task);

}  // namespace mt::workloads
