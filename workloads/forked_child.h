// Child processes for scenarios that put work in other processes (remote
// workers, crash-prone pool workers): fork a function, reap it.
#pragma once

#include <sys/types.h>

#include <functional>

namespace mt::workloads {

// Runs `body` in a forked child that exits with its return value and is
// killed if the forking thread dies first (PR_SET_PDEATHSIG), so a parent
// killed by a time limit leaves no orphans. -1 when fork fails.
// The child of a multithreaded parent may use only what is fork-safe: no
// locks another thread might have held (glibc's malloc is safe).
pid_t ForkChild(const std::function<int()>& body);

// Waits for `pid` (retrying on EINTR); returns the raw wait status, -1 on
// error.
int WaitChild(pid_t pid);

}  // namespace mt::workloads
