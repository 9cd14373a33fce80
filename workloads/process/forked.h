// Work in forked child processes: ForkChild/WaitChild for scenarios that put
// work in other processes (remote workers, crash-prone pool workers), and
// RunForked for code that hangs or aborts on purpose (a real deadlock): it
// takes only the child down, collects what the child writes to a pipe, and
// always reaps it.
#pragma once

#include <sys/types.h>

#include <chrono>
#include <functional>
#include <string>

namespace mt::workloads {

// Thread safety: fork copies only the calling thread, so a child of a
// multithreaded parent may find locks held forever by threads it does not
// have; each function says what its child may use. WaitChild waits for its
// own `pid` only, from any thread.

// Runs `body` in a forked child that exits with its return value and is
// killed if the forking thread dies first (PR_SET_PDEATHSIG), so a parent
// killed by a time limit leaves no orphans. -1 when fork fails (errno set).
// The child of a multithreaded parent may use only what is fork-safe: no
// locks another thread might have held (glibc's malloc is safe).
pid_t ForkChild(const std::function<int()>& body);

// Waits for `pid` (retrying on EINTR); returns the raw wait status, -1 on
// error. The one blocking waitpid() of the workloads.
int WaitChild(pid_t pid);

// How a child ended, decoded from a wait status.
struct ChildExit {
  bool exited = false;  // it called exit or _exit: `code` is its status
  int code = 0;
  bool signaled = false;  // a signal ended it: `signal` is the number
  int signal = 0;
  std::string ToString() const;  // "exit 3", "signal 6 (Aborted)"
};
// Decodes a raw wait status (as WaitChild returns it).
ChildExit DecodeWaitStatus(int status);

struct ForkedResult {
  bool started = false;  // false: fork or pipe failed (see `error`)
  bool exited = false;   // exited normally with `exit_code`
  int exit_code = 0;
  int signal = 0;  // the signal that ended it, else 0
  bool killed_at_limit = false;
  std::string output;  // everything written to the pipe
  std::string error;
};

// ForkChild; the child runs `body(fd)` (fd: the pipe's write end) and exits 0
// when it returns. A child still running at `limit` is killed (SIGKILL).
// Core dumps are off in the child: it may abort on purpose.
// Call it while the caller has one thread (fork copies only the caller).
ForkedResult RunForked(const std::function<void(int fd)>& body,
                       std::chrono::milliseconds limit);

// Writes all of `text` to `fd` (async-signal-safe: write(2) only).
void WriteAll(int fd, const std::string& text);

}  // namespace mt::workloads
