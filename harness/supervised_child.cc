// Child-process supervision: start, stream, time limit, Ctrl-C, reap.
#include "harness/supervised_child.h"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstdlib>
#include <cstring>
#include <sstream>

#include "harness/interrupt.h"

extern char** environ;

namespace mt::harness {
namespace {

using Clock = std::chrono::steady_clock;

// Our environment with `env`'s NAME=value entries added (replacing ours of
// the same name), built before fork: the child of a process with threads
// may only make async-signal-safe calls until exec.
std::vector<std::string> Environment(const std::vector<std::string>& env) {
  std::vector<std::string> all;
  for (char** e = environ; *e != nullptr; ++e) {
    const std::string var = *e;
    const std::string name = var.substr(0, var.find('='));
    bool replaced = false;
    for (const std::string& mine : env)
      replaced |= mine.compare(0, name.size() + 1, name + "=") == 0;
    if (!replaced) all.push_back(var);
  }
  all.insert(all.end(), env.begin(), env.end());
  return all;
}

std::vector<char*> Pointers(const std::vector<std::string>& strings) {
  std::vector<char*> out;
  for (const std::string& s : strings)
    out.push_back(const_cast<char*>(s.c_str()));
  out.push_back(nullptr);
  return out;
}

// Starts the child in its own process group (so a timeout can end its own
// children too) with stdout and stderr on one pipe.
pid_t Start(const std::vector<std::string>& args,
            const std::vector<std::string>& env, int* out_fd) {
  const std::vector<std::string> envs = Environment(env);
  std::vector<char*> argv = Pointers(args), envp = Pointers(envs);
  int fds[2];
  if (pipe2(fds, O_CLOEXEC) != 0) return -1;
  pid_t pid = fork();
  if (pid == 0) {
    setpgid(0, 0);
    dup2(fds[1], STDOUT_FILENO);
    dup2(fds[1], STDERR_FILENO);
    execve(argv[0], argv.data(), envp.data());
    const char* why = strerror(errno);
    dprintf(STDERR_FILENO, "cannot run %s: %s\n", argv[0], why);
    _exit(127);
  }
  close(fds[1]);
  if (pid < 0) {
    close(fds[0]);
    return -1;
  }
  setpgid(pid, pid);  // also from the parent, so the group exists at once
  *out_fd = fds[0];
  return pid;
}

}  // namespace

ChildOutcome RunSupervised(const std::vector<std::string>& argv,
                           const std::vector<std::string>& env,
                           double timeout_s, std::ostream* console,
                           std::ostream* log, std::string* output) {
  ChildOutcome out;
  int fd = -1;
  const auto start = Clock::now();
  const pid_t pid = Start(argv, env, &fd);
  if (pid < 0) {
    out.reason = std::string("could not start the child: ") + strerror(errno);
    return out;
  }
  const auto deadline = start + std::chrono::duration<double>(timeout_s);
  bool killed_for_time = false, killed_for_interrupt = false, open = true;
  int status = 0;
  // Copies what the child wrote within `wait_ms`: 1 copied, 0 nothing came,
  // -1 end of output.
  auto pump = [&](int wait_ms) {
    pollfd p{fd, POLLIN, 0};
    if (poll(&p, 1, wait_ms) <= 0) return 0;
    char buf[4096];
    ssize_t n = read(fd, buf, sizeof buf);
    if (n <= 0) return -1;
    if (console) console->write(buf, n).flush();
    if (log) log->write(buf, n).flush();
    if (output) output->append(buf, static_cast<size_t>(n));
    return 1;
  };
  for (;;) {
    if (open) {
      open = pump(100) >= 0;
    } else {
      usleep(20000);
    }
    if (waitpid(pid, &status, WNOHANG) == pid) {
      // Drain what it wrote before exiting; stop at the first quiet moment,
      // since a grandchild it left behind may hold the pipe open.
      while (open && pump(0) > 0) {
      }
      break;
    }
    if (Interrupted() && !killed_for_interrupt) {
      killed_for_interrupt = true;
      kill(-pid, SIGINT);
    }
    if (!killed_for_time && Clock::now() > deadline) {
      killed_for_time = true;
      kill(-pid, SIGKILL);
    }
  }
  kill(-pid, SIGKILL);  // grandchildren the child left behind
  close(fd);
  out.wall_seconds =
      std::chrono::duration<double>(Clock::now() - start).count();
  std::ostringstream why;
  if (killed_for_time) {
    out.status = "timed out";
    why << "no result within the " << timeout_s << " s limit; killed";
  } else if (killed_for_interrupt) {
    out.status = "interrupted";
    why << "stopped by the user";
  } else if (WIFSIGNALED(status)) {
    out.status = "crashed";
    out.signal = WTERMSIG(status);
    why << "killed by signal " << out.signal << " (" << strsignal(out.signal)
        << ")";
  } else if (WEXITSTATUS(status) != 0) {
    out.status = "failed";
    out.exit_code = WEXITSTATUS(status);
    why << "exited with status " << out.exit_code;
  } else {
    out.status = "ok";
    out.exit_code = 0;
  }
  out.reason = why.str();
  return out;
}

}  // namespace mt::harness
