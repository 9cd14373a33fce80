// fork() with parent-death cleanup, an EINTR-proof waitpid(), and the
// forked child runner: pipe, deadline, kill and reap.
#include "workloads/process/forked.h"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>

namespace mt::workloads {

pid_t ForkChild(const std::function<int()>& body) {
  const pid_t parent = getpid();
  const pid_t pid = fork();
  if (pid != 0) return pid;
  prctl(PR_SET_PDEATHSIG, SIGKILL);
  // The parent may have died before prctl took effect.
  if (getppid() != parent) _exit(1);
  // _exit: the child must not run the parent's atexit handlers or flush
  // its copy of the parent's stdio buffers.
  _exit(body());
}

int WaitChild(pid_t pid) {
  int status = 0;
  for (;;) {
    if (waitpid(pid, &status, 0) == pid) return status;
    if (errno != EINTR) return -1;
  }
}

std::string ChildExit::ToString() const {
  if (exited) return "exit " + std::to_string(code);
  if (signaled) {
    return "signal " + std::to_string(signal) + " (" + strsignal(signal) + ")";
  }
  return "unknown status";
}

ChildExit DecodeWaitStatus(int status) {
  ChildExit how;
  if (WIFEXITED(status)) {
    how.exited = true;
    how.code = WEXITSTATUS(status);
  } else if (WIFSIGNALED(status)) {
    how.signaled = true;
    how.signal = WTERMSIG(status);
  }
  return how;
}

void WriteAll(int fd, const std::string& text) {
  const char* p = text.data();
  size_t left = text.size();
  while (left > 0) {
    const ssize_t n = write(fd, p, left);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return;
    p += n;
    left -= static_cast<size_t>(n);
  }
}

ForkedResult RunForked(const std::function<void(int fd)>& body,
                       std::chrono::milliseconds limit) {
  ForkedResult result;
  int fds[2];
  if (pipe2(fds, O_CLOEXEC) != 0) {
    result.error = std::string("pipe: ") + std::strerror(errno);
    return result;
  }
  const pid_t pid = ForkChild([&] {
    close(fds[0]);
    const rlimit no_core{0, 0};
    setrlimit(RLIMIT_CORE, &no_core);
    body(fds[1]);
    return 0;
  });
  if (pid < 0) {
    result.error = std::string("fork: ") + std::strerror(errno);
    close(fds[0]);
    close(fds[1]);
    return result;
  }
  close(fds[1]);
  result.started = true;
  using Clock = std::chrono::steady_clock;
  const auto deadline = Clock::now() + limit;
  int status = 0;
  bool open = true, reaped = false;
  while (!reaped) {
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
        deadline - Clock::now());
    if (left.count() <= 0 && !result.killed_at_limit) {
      result.killed_at_limit = true;
      kill(pid, SIGKILL);
    }
    if (open) {
      // Short polls: the child may exit while a grandchild keeps the pipe.
      pollfd p{fds[0], POLLIN, 0};
      const int wait_ms = static_cast<int>(
          std::max<long long>(0, std::min<long long>(left.count(), 20)));
      if (poll(&p, 1, wait_ms) > 0) {
        char buf[4096];
        const ssize_t n = read(fds[0], buf, sizeof buf);
        if (n > 0) {
          result.output.append(buf, static_cast<size_t>(n));
        } else if (n == 0 || errno != EINTR) {
          open = false;
        }
      }
    } else {
      usleep(5000);
    }
    reaped = waitpid(pid, &status, WNOHANG) == pid;
  }
  // Whatever the child wrote just before it ended.
  for (char buf[4096];;) {
    pollfd p{fds[0], POLLIN, 0};
    if (!open || poll(&p, 1, 0) <= 0) break;
    const ssize_t n = read(fds[0], buf, sizeof buf);
    if (n <= 0) break;
    result.output.append(buf, static_cast<size_t>(n));
  }
  close(fds[0]);
  if (WIFEXITED(status)) {
    result.exited = true;
    result.exit_code = WEXITSTATUS(status);
  } else if (WIFSIGNALED(status)) {
    result.signal = WTERMSIG(status);
  }
  return result;
}

}  // namespace mt::workloads
