// fork() with parent-death cleanup, and an EINTR-proof waitpid().
#include "workloads/forked_child.h"

#include <signal.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>

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

}  // namespace mt::workloads
