// Process and thread creation methods, each reaping what it started.
#include "workloads/process/spawn.h"

#include <dlfcn.h>
#include <errno.h>
#include <sched.h>
#include <signal.h>
#include <spawn.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <system_error>
#include <thread>

#include "workloads/base/tsan_build.h"
#include "workloads/process/spawn_io.h"

extern char** environ;

namespace mt::workloads {
namespace {

[[noreturn]] void ThrowErrno(const char* what) {
  throw std::system_error(errno, std::generic_category(), what);
}

// glibc's clone(). ThreadSanitizer (LLVM 14) intercepts clone as if it were
// fork and fails a CHECK on a CLONE_VM child, so under TSan we call libc's
// own: the child then runs as the suspended parent thread, which TSan sees
// correctly (same memory, same thread state, and the parent does nothing
// until the child has exited).
using CloneFn = int (*)(int (*)(void*), void*, int, void*, ...);
CloneFn Clone() {
#if MT_TSAN_BUILD
  static const CloneFn libc_clone =
      reinterpret_cast<CloneFn>(dlsym(RTLD_NEXT, "clone"));
  return libc_clone;
#else
  return clone;
#endif
}

pid_t CheckedFork() {
  pid_t pid = fork();
  if (pid < 0) ThrowErrno("fork");
  return pid;
}

// A socket pair whose ends close on exec; [0] is the parent's end.
struct Channel {
  int fd[2] = {-1, -1};
  Channel() {
    if (socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, fd) != 0)
      ThrowErrno("socketpair");
  }
  ~Channel() {
    CloseFd(fd[0]);
    CloseFd(fd[1]);
  }
  Channel(const Channel&) = delete;
  Channel& operator=(const Channel&) = delete;
};

// Sends `task` on `fd`, reads the result, then closes `fd` so the child sees
// end of file, and reaps `pid`; throws ChildFailed without a result.
std::uint64_t Exchange(int& fd, pid_t pid, const SpawnTask& task,
                       const char* what) {
  std::uint64_t result = 0;
  // A child that died early makes the write fail (EPIPE, no signal); the
  // read then sees end of file.
  WriteFull(fd, &task, sizeof task);
  const long got = ReadFull(fd, &result, sizeof result);
  CloseFd(fd);
  const ChildExit how = Reap(pid);
  if (got != static_cast<long>(sizeof result)) throw ChildFailed(what, how);
  return result;
}

}  // namespace

ChildExit Reap(pid_t pid) {
  const int status = WaitChild(pid);
  if (status < 0) ThrowErrno("waitpid");
  return DecodeWaitStatus(status);
}

ChildExit ForkAndRun(const std::function<int()>& child_body) {
  pid_t pid = CheckedFork();
  if (pid == 0) _exit(child_body());
  return Reap(pid);
}

ChildExit ForkAndExit(int code) {
  pid_t pid = CheckedFork();
  if (pid == 0) _exit(code);
  return Reap(pid);
}

ChildExit VforkAndExit(int code) {
  pid_t pid = vfork();
  if (pid < 0) ThrowErrno("vfork");
  if (pid == 0) _exit(code);  // the only safe thing to do after vfork
  return Reap(pid);
}

ChildExit CloneVmAndRun(int (*fn)(void*), void* arg) {
  // The child runs on this buffer while we are suspended (CLONE_VFORK), so
  // it may live in our frame; 64 KiB leaves room for sanitizer runtimes.
  alignas(64) char stack[64 * 1024];
  pid_t pid =
      Clone()(fn, stack + sizeof stack, CLONE_VM | CLONE_VFORK | SIGCHLD, arg);
  if (pid < 0) ThrowErrno("clone");
  return Reap(pid);
}

ChildExit ForkExec(const char* path, char* const argv[]) {
  pid_t pid = CheckedFork();
  if (pid == 0) {
    execv(path, argv);
    _exit(127);  // the shell's "command not found"
  }
  return Reap(pid);
}

ChildExit PosixSpawnAndWait(const char* path, char* const argv[]) {
  pid_t pid = 0;
  int rc = posix_spawn(&pid, path, nullptr, nullptr, argv, environ);
  if (rc != 0) throw std::system_error(rc, std::generic_category(), path);
  return Reap(pid);
}

void ThreadCreateJoin(const std::function<void()>& body) {
  std::thread thread([&body] { body(); });
  thread.join();
}

std::uint64_t RunInSpawnedHelper(const char* helper, const SpawnTask& task) {
  Channel channel;
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  // dup2 clears close-on-exec on the copies: the helper keeps only stdin and
  // stdout, both its end of the socket pair.
  posix_spawn_file_actions_adddup2(&actions, channel.fd[1], STDIN_FILENO);
  posix_spawn_file_actions_adddup2(&actions, channel.fd[1], STDOUT_FILENO);
  char* argv[] = {const_cast<char*>(helper), const_cast<char*>("--task"),
                  nullptr};
  pid_t pid = 0;
  int rc = posix_spawn(&pid, helper, &actions, nullptr, argv, environ);
  posix_spawn_file_actions_destroy(&actions);
  if (rc != 0) throw std::system_error(rc, std::generic_category(), helper);
  CloseFd(channel.fd[1]);
  return Exchange(channel.fd[0], pid, task, "spawned helper");
}

std::uint64_t RunInForkedChild(const SpawnTask& task) {
  Channel channel;
  pid_t pid = CheckedFork();
  if (pid == 0) {
    CloseFd(channel.fd[0]);
    _exit(ServeSpawnTasks(channel.fd[1], channel.fd[1]));
  }
  CloseFd(channel.fd[1]);
  return Exchange(channel.fd[0], pid, task, "forked child");
}

}  // namespace mt::workloads
