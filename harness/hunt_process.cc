// Race hunt process control: fork, affinity and process group before exec,
// exec errors back on a pipe, polling with a deadline, gdb on a hang.
#include "harness/hunt_process.h"

#include <fcntl.h>
#include <pthread.h>
#include <sched.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstring>
#include <fstream>
#include <sstream>

#include "harness/hunt_hang.h"
#include "harness/run_folder.h"
#include "harness/tsan_report_gdb.h"
#include "workloads/process/forked.h"

namespace mt::harness {
namespace {

using Clock = std::chrono::steady_clock;

// gdb gets this long to attach and print every thread's stack; a few
// hundred threads take a second or two.
constexpr double kGdbSeconds = 30;

// How often a running program's threads are sampled for a hang: often
// enough that a hang is called within a tenth of a second of the quiet
// period, rarely enough that reading /proc costs nothing to speak of.
constexpr auto kHangSampleEvery = std::chrono::milliseconds(100);

// A started run: its process (a group leader) and when it started.
struct Child {
  pid_t pid = -1;
  Clock::time_point start;
};

// Forks and execs `argv` in its own process group, on the run's PU, with
// stdout and stderr in `log`. Returns pid -1 and sets `error` when the
// program could not be started (the exec error comes back on a pipe).
Child Start(const std::vector<std::string>& argv,
            const std::vector<std::string>& env, int pu, const std::string& log,
            std::string* error) {
  std::vector<char*> args, envp;
  for (const std::string& a : argv)
    args.push_back(const_cast<char*>(a.c_str()));
  args.push_back(nullptr);
  for (const std::string& e : env) envp.push_back(const_cast<char*>(e.c_str()));
  envp.push_back(nullptr);
  int out = open(log.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  int null_in = open("/dev/null", O_RDONLY | O_CLOEXEC);
  int fds[2];
  if (out < 0 || null_in < 0 || pipe2(fds, O_CLOEXEC) != 0) {
    *error = std::string("cannot set up the run: ") + strerror(errno);
    if (out >= 0) close(out);
    if (null_in >= 0) close(null_in);
    return {};
  }
  Child child{fork(), Clock::now()};
  if (child.pid == 0) {
    setpgid(0, 0);
    // Where Yama restricts ptrace to ancestors, let the hunt's own children
    // (gdb, for a hang's stacks) attach; elsewhere this fails harmlessly.
    prctl(PR_SET_PTRACER, getppid(), 0, 0, 0);
    if (pu >= 0) {
      cpu_set_t set;
      CPU_ZERO(&set);
      CPU_SET(pu, &set);
      sched_setaffinity(0, sizeof set, &set);
    }
    dup2(null_in, STDIN_FILENO);
    dup2(out, STDOUT_FILENO);
    dup2(out, STDERR_FILENO);
    execve(args[0], args.data(), envp.data());
    int e = errno;
    ssize_t ignored = write(fds[1], &e, sizeof e);
    (void)ignored;
    _exit(127);
  }
  close(out);
  close(null_in);
  close(fds[1]);
  if (child.pid < 0) {
    *error = std::string("fork failed: ") + strerror(errno);
    close(fds[0]);
    return {};
  }
  setpgid(child.pid, child.pid);  // also here, so the group exists at once
  int e = 0;
  if (read(fds[0], &e, sizeof e) == sizeof e) {  // EOF: exec succeeded
    *error = "cannot run " + argv[0] + ": " + strerror(e);
    workloads::WaitChild(child.pid);
    child.pid = -1;
  }
  close(fds[0]);
  return child;
}

// gdb's backtraces of every thread of `pid`, or "" with `note` saying why.
std::string Backtraces(pid_t pid, const std::string& gdb,
                       const std::string& out_path, std::string* note) {
  if (gdb.empty()) {
    *note = "gdb not found: hang reported without stacks";
    return "";
  }
  std::string error;
  Child g = Start({gdb, "-p", std::to_string(pid), "-batch", "-nx", "-ex",
                   "set pagination off", "-ex", "thread apply all bt"},
                  {"PATH=/usr/bin:/bin", "HOME=/"}, -1, out_path, &error);
  if (g.pid < 0) {
    *note = "gdb did not start: " + error;
    return "";
  }
  int status = 0;
  while (waitpid(g.pid, &status, WNOHANG) == 0) {
    if (Clock::now() - g.start > std::chrono::duration<double>(kGdbSeconds)) {
      kill(-g.pid, SIGKILL);
      workloads::WaitChild(g.pid);
      *note = "gdb took too long; its partial output is kept";
      break;
    }
    usleep(20000);
  }
  std::string text = ReadFile(out_path);
  if (note->empty()) {
    *note = ParseGdbBacktraces(text).empty()
                ? "gdb printed no stacks (ptrace refused?): see hang.gdb.txt"
                : "stacks taken by gdb";
  }
  return text;
}

}  // namespace

ProcessResult RunProcess(const ProcessSpec& spec,
                         const std::atomic<int>& interrupted) {
  ProcessResult r;
  Child child = Start(spec.argv, spec.env, spec.pu, spec.log, &r.note);
  if (child.pid < 0) return r;
  const auto deadline =
      child.start + std::chrono::duration<double>(spec.limit_seconds);
  HangWatch watch(child.pid, spec.hang_quiet_seconds);
  auto next_sample = child.start + kHangSampleEvery;
  int status = 0;
  bool reaped = false;
  useconds_t nap = 1000;  // short first: small programs end in milliseconds
  while (!reaped) {
    reaped = waitpid(child.pid, &status, WNOHANG) == child.pid;
    if (reaped) break;
    if (interrupted.load(std::memory_order_relaxed)) {
      r.outcome = "interrupted";
      break;
    }
    const auto now = Clock::now();
    bool hung = false;
    if (spec.hang_quiet_seconds > 0 && now >= next_sample) {
      next_sample = now + kHangSampleEvery;
      hung = watch.Sample(now);
      if (hung) {
        r.hang_reason = watch.Describe();
        r.hang_waits = watch.Waits();
      }
    }
    if (!hung && now > deadline) {
      hung = true;
      std::ostringstream reason;
      reason << "still running at the " << spec.limit_seconds << " s limit";
      r.hang_reason = reason.str();
    }
    if (hung) {
      r.outcome = "hang";
      r.hang_seconds = std::chrono::duration<double>(now - child.start).count();
      if (spec.on_hang) spec.on_hang();
      r.gdb_output = Backtraces(child.pid, spec.gdb, spec.gdb_log, &r.note);
      break;
    }
    usleep(nap);
    nap = std::min<useconds_t>(nap * 2, 20000);
  }
  kill(-child.pid, SIGKILL);  // all of it, and grandchildren it left behind
  if (!reaped) workloads::WaitChild(child.pid);
  r.wall_seconds =
      std::chrono::duration<double>(Clock::now() - child.start).count();
  if (!reaped) return r;  // a hang or an interruption, ended by us
  const workloads::ChildExit end = workloads::DecodeWaitStatus(status);
  if (end.signaled) {
    r.outcome = "signalled";
    r.signal = end.signal;
  } else {
    r.outcome = "exited";
    r.exit_code = end.code;
  }
  return r;
}

std::vector<int> AllowedPus() {
  cpu_set_t set;
  CPU_ZERO(&set);
  std::vector<int> pus;
  if (sched_getaffinity(0, sizeof set, &set) == 0) {
    for (int cpu = 0; cpu < CPU_SETSIZE; ++cpu) {
      if (CPU_ISSET(cpu, &set)) pus.push_back(cpu);
    }
  }
  if (pus.empty()) pus.push_back(0);
  return pus;
}

CpuLoad::CpuLoad(const std::vector<int>& pus) {
  for (int pu : pus) {
    threads_.emplace_back([this, pu] {
      cpu_set_t set;
      CPU_ZERO(&set);
      CPU_SET(pu, &set);
      pthread_setaffinity_np(pthread_self(), sizeof set, &set);
      // Relaxed: the flag only ends the loop; it publishes nothing.
      while (!stop_.load(std::memory_order_relaxed)) {
      }
    });
  }
}

void CpuLoad::Stop() {
  stop_.store(true, std::memory_order_relaxed);
  for (std::thread& t : threads_) t.join();
  threads_.clear();
}

}  // namespace mt::harness
