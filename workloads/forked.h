// Runs a function in a forked child process and collects what it writes to
// a pipe, so code that hangs or aborts on purpose (a real deadlock) takes
// only the child down. The child is always reaped.
#pragma once

#include <chrono>
#include <functional>
#include <string>

namespace mt::workloads {

struct ForkedResult {
  bool started = false;  // false: fork or pipe failed (see `error`)
  bool exited = false;   // exited normally with `exit_code`
  int exit_code = 0;
  int signal = 0;  // the signal that ended it, else 0
  bool killed_at_limit = false;
  std::string output;  // everything written to the pipe
  std::string error;
};

// Forks; the child runs `body(fd)` (fd: the pipe's write end) and exits 0
// when it returns. A child still running at `limit` is killed (SIGKILL).
// Core dumps are off in the child: it may abort on purpose.
// Call it while the caller has one thread (fork copies only the caller).
ForkedResult RunForked(const std::function<void(int fd)>& body,
                       std::chrono::milliseconds limit);

// Writes all of `text` to `fd` (async-signal-safe: write(2) only).
void WriteAll(int fd, const std::string& text);

}  // namespace mt::workloads
