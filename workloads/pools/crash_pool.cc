// The process pool's master loop, the thread pool in its child, and the
// crash itself: a write through a null pointer.
#include "workloads/pools/crash_pool.h"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <deque>
#include <thread>

#include "workloads/compute/compute.h"
#include "workloads/process/forked.h"

namespace mt::workloads {
namespace {

// One message each way: a task (crash set: crash on it) or its result.
// 16 bytes, so pipe writes from several threads never interleave (PIPE_BUF).
struct Message {
  std::int32_t task = -1;
  std::int32_t crash = 0;
  std::uint64_t value = 0;
};

[[noreturn]] void CrashWithSegv() {
  // No core dump: writing one (or piping it to a crash reporter) would be
  // timed as recovery and litter the disk, once per run.
  const rlimit no_core = {0, 0};
  setrlimit(RLIMIT_CORE, &no_core);
  // The default action, so that a sanitizer's SEGV handler cannot turn the
  // crash into a report and an exit status: the process dies by the signal.
  signal(SIGSEGV, SIG_DFL);
  int* volatile nowhere = nullptr;  // volatile: the compiler cannot see null
  *nowhere = 1;
  raise(SIGSEGV);  // not reached
  _exit(1);
}

// A worker process: tasks in, results out, over one socket pair, until the
// master closes it.
int WorkerMain(int fd, std::uint64_t steps) {
  for (Message m; recv(fd, &m, sizeof m, 0) == sizeof m;) {
    if (m.crash) CrashWithSegv();
    m.value = ComputeSeries(steps, std::uint64_t(m.task) + 1);
    if (send(fd, &m, sizeof m, MSG_NOSIGNAL) != sizeof m) return 1;
  }
  return 0;
}

struct Worker {
  pid_t pid = -1;
  int fd = -1;    // the master's end of its socket pair
  int task = -1;  // the task it holds, -1 when idle
};

// Forks worker `i`; the child closes every channel but its own, or a dead
// worker's socket would stay open in its siblings and never report EOF.
bool Spawn(std::vector<Worker>& workers, std::size_t i,
           const CrashRunOptions& o) {
  int sv[2];
  // SOCK_SEQPACKET keeps each 16-byte message whole.
  if (socketpair(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0, sv) != 0)
    return false;
  const pid_t pid = ForkChild([&] {
    close(sv[0]);
    for (const Worker& w : workers)
      if (w.fd >= 0) close(w.fd);
    CallWorkerHook(o.on_worker_start, int(i), int(workers.size()));
    return WorkerMain(sv[1], o.steps);
  });
  close(sv[1]);
  if (pid < 0) {
    close(sv[0]);
    return false;
  }
  workers[i] = {pid, sv[0], -1};
  return true;
}

void Notify(const CrashRunOptions& o, CrashEvent e) {
  if (o.on_event) o.on_event(e);
}

}  // namespace

std::uint64_t ExpectedResult(const CrashRunOptions& o, int task) {
  return ComputeSeries(o.steps, std::uint64_t(task) + 1);
}

CrashReport RunProcessPool(const CrashRunOptions& o) {
  CrashReport report;
  report.results.assign(std::size_t(o.tasks), 0);
  std::deque<int> pending;
  for (int t = 0; t < o.tasks; ++t) pending.push_back(t);
  std::vector<int> attempts(std::size_t(o.tasks), 0);
  std::vector<Worker> workers(std::size_t(o.workers));
  for (std::size_t i = 0; i < workers.size(); ++i) {
    if (!Spawn(workers, i, o)) report.error = "fork of a worker failed";
  }
  int accounted = 0, awaiting = -1;  // awaiting: the retried task
  while (accounted < o.tasks && report.error.empty()) {
    std::vector<pollfd> fds;
    for (Worker& w : workers) {
      if (w.task < 0 && !pending.empty()) {
        w.task = pending.front();
        pending.pop_front();
        const bool crash = w.task == o.crash_task && attempts[w.task]++ == 0;
        Message m{w.task, crash};
        // A failed send means the worker is gone; its EOF comes next.
        send(w.fd, &m, sizeof m, MSG_NOSIGNAL);
      }
      fds.push_back({w.fd, POLLIN, 0});
    }
    if (poll(fds.data(), fds.size(), -1) < 0 && errno != EINTR) break;
    for (std::size_t i = 0; i < workers.size(); ++i) {
      if (fds[i].revents == 0) continue;
      Worker& w = workers[i];
      Message m;
      if (recv(w.fd, &m, sizeof m, 0) == sizeof m) {
        report.results[std::size_t(m.task)] = m.value;
        ++report.done;
        ++accounted;
        w.task = -1;
        if (m.task == awaiting) Notify(o, CrashEvent::kRecovered);
        continue;
      }
      // EOF: the worker died. Reap it first, then deal with its task.
      const int status = WaitChild(w.pid);
      close(w.fd);
      w.fd = -1;  // Spawn's child closes every fd still listed
      if (WIFSIGNALED(status)) {
        ++report.crashes;
        report.crash_signal = WTERMSIG(status);
      }
      Notify(o, CrashEvent::kCrashObserved);
      const int task = w.task;
      if (task >= 0) ++report.unfinished_at_crash;
      if (task >= 0 && o.policy == CrashPolicy::kRetry) {
        pending.push_front(task);
        awaiting = task;
      } else if (task >= 0) {
        ++report.failed;
        ++accounted;
      }
      if (!Spawn(workers, i, o)) report.error = "fork failed";
      if (o.policy == CrashPolicy::kReportFailed)
        Notify(o, CrashEvent::kRecovered);
    }
  }
  for (Worker& w : workers) {
    if (w.fd < 0) continue;
    close(w.fd);  // EOF: the worker leaves
    WaitChild(w.pid);
  }
  report.lost = o.tasks - report.done - report.failed;
  return report;
}

namespace {

// The child: `workers` threads share the task list; one of them may crash.
int ThreadPoolMain(int fd, const std::vector<int>& tasks, int crash_task,
                   const CrashRunOptions& o) {
  const std::uint64_t steps = o.steps;
  std::atomic<std::size_t> next{0};  // relaxed: only hands out indices
  std::vector<std::thread> threads;
  for (int t = 0; t < o.workers; ++t) {
    threads.emplace_back([&, t] {
      CallWorkerHook(o.on_worker_start, t, o.workers);
      for (;;) {
        const std::size_t i = next.fetch_add(1, std::memory_order_relaxed);
        if (i >= tasks.size()) return;
        if (tasks[i] == crash_task) CrashWithSegv();
        Message m{tasks[i], 0,
                  ComputeSeries(steps, std::uint64_t(tasks[i]) + 1)};
        if (write(fd, &m, sizeof m) != sizeof m) return;
      }
    });
  }
  for (std::thread& t : threads) t.join();
  return 0;
}

}  // namespace

CrashReport RunThreadPoolInChild(const CrashRunOptions& o) {
  CrashReport report;
  report.results.assign(std::size_t(o.tasks), 0);
  std::vector<bool> done(std::size_t(o.tasks), false);
  std::vector<int> remaining;
  for (int t = 0; t < o.tasks; ++t) remaining.push_back(t);
  int crash_task = o.crash_task;  // the restarted pool does not crash
  while (!remaining.empty()) {
    int p[2];
    if (pipe2(p, O_CLOEXEC) != 0) return report.error = "pipe failed", report;
    const pid_t pid = ForkChild([&] {
      close(p[0]);
      return ThreadPoolMain(p[1], remaining, crash_task, o);
    });
    close(p[1]);
    for (Message m; read(p[0], &m, sizeof m) == sizeof m;) {
      report.results[std::size_t(m.task)] = m.value;
      done[std::size_t(m.task)] = true;
    }
    close(p[0]);
    const int status = pid < 0 ? -1 : WaitChild(pid);
    std::erase_if(remaining, [&](int t) { return done[std::size_t(t)]; });
    if (status != -1 && WIFSIGNALED(status)) {
      ++report.crashes;
      report.crash_signal = WTERMSIG(status);
      report.unfinished_at_crash = std::int64_t(remaining.size());
      Notify(o, CrashEvent::kCrashObserved);
      crash_task = -1;
    } else if (!remaining.empty()) {
      report.error = "the pool process ended without finishing its tasks";
      break;
    }
  }
  if (report.crashes > 0 && report.error.empty())
    Notify(o, CrashEvent::kRecovered);
  for (bool d : done) report.done += d;
  report.lost = o.tasks - report.done;
  return report;
}

}  // namespace mt::workloads
