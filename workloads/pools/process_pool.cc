// The process pool: forked workers, the wire format, dispatch and reaping.
#include "workloads/pools/process_pool.h"

#include <signal.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <exception>
#include <string>
#include <system_error>
#include <utility>

#include "workloads/process/forked.h"

namespace mt::workloads {
namespace {

// Two tasks per worker: one running and one waiting in its socket, so a
// worker never idles for the round trip through the result thread. Also far
// below the kernel's queue limit for a datagram socket (net.unix.
// max_dgram_qlen, 10 by default), so a send never blocks.
constexpr std::size_t kCredit = 2;

struct TaskMessage {
  ProcessTask task;
  std::uint64_t arg;
};

struct ResultMessage {
  std::uint64_t value;
  std::uint8_t ok;
  char error[247];  // the task's what(), NUL-terminated; 256 bytes in all
};

// Exit codes of a worker that could not go on; 0 is "told to stop".
constexpr int kExitSocketError = 3;
constexpr int kExitBadMessage = 4;

// The worker process: runs tasks until the parent shuts its socket. Only
// recv, the task, send and _exit: it must never return into the parent's
// code nor run its atexit handlers.
[[noreturn]] void WorkerMain(int fd) {
  for (;;) {
    TaskMessage m;
    const ssize_t n = recv(fd, &m, sizeof m, 0);
    if (n == 0) _exit(0);
    if (n < 0) {
      if (errno == EINTR) continue;
      _exit(kExitSocketError);
    }
    if (n != sizeof m) _exit(kExitBadMessage);
    ResultMessage r{};
    try {
      r.value = m.task(m.arg);
      r.ok = 1;
    } catch (const std::exception& e) {
      std::strncpy(r.error, e.what(), sizeof r.error - 1);
    } catch (...) {
      std::strncpy(r.error, "a non-standard exception", sizeof r.error - 1);
    }
    if (send(fd, &r, sizeof r, MSG_NOSIGNAL) != sizeof r) {
      _exit(kExitSocketError);
    }
  }
}

std::string DescribeStatus(int status) {
  if (WIFEXITED(status)) {
    return "exited with status " + std::to_string(WEXITSTATUS(status));
  }
  if (WIFSIGNALED(status)) {
    return "was killed by signal " + std::to_string(WTERMSIG(status)) + " (" +
           strsignal(WTERMSIG(status)) + ")";
  }
  return "ended with wait status " + std::to_string(status);
}

}  // namespace

ProcessPool::ProcessPool(int workers, OnWorkerStart on_start) {
  if (workers < 1) {
    throw std::invalid_argument("ProcessPool: workers must be >= 1, got " +
                                std::to_string(workers));
  }
  try {
    for (int i = 0; i < workers; ++i) StartWorker(i, workers, on_start);
    epoll_fd_ = epoll_create1(EPOLL_CLOEXEC);  // after the forks: ours only
    if (epoll_fd_ < 0) {
      throw std::system_error(errno, std::generic_category(),
                              "ProcessPool: epoll_create1");
    }
    for (std::size_t w = 0; w < workers_.size(); ++w) {
      epoll_event e{.events = EPOLLIN, .data = {.u64 = w}};
      if (epoll_ctl(epoll_fd_, EPOLL_CTL_ADD, workers_[w].fd, &e) != 0) {
        throw std::system_error(errno, std::generic_category(),
                                "ProcessPool: epoll_ctl");
      }
    }
    result_thread_ = std::thread([this] { ResultLoop(); });
    result_thread_id_ = result_thread_.get_id();
  } catch (...) {
    ReapAllAfterFailure();
    throw;
  }
}

void ProcessPool::StartWorker(int index, int workers,
                              const OnWorkerStart& on_start) {
  int sv[2];
  if (socketpair(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0, sv) != 0) {
    throw std::system_error(errno, std::generic_category(),
                            "ProcessPool: socketpair");
  }
  const pid_t pid = fork();
  if (pid < 0) {
    const int err = errno;
    close(sv[0]);
    close(sv[1]);
    throw std::system_error(err, std::generic_category(), "ProcessPool: fork");
  }
  if (pid == 0) {
    // Keep stdio and our end only: an inherited end of another worker's
    // socket (this pool's or another pool's) would hide that worker's EOF.
    const unsigned keep = static_cast<unsigned>(sv[1]);
    if (keep > 3) close_range(3, keep - 1, 0);
    close_range(std::max(keep + 1, 3U), ~0U, 0);
    CallWorkerHook(on_start, index, workers);
    WorkerMain(sv[1]);
  }
  close(sv[1]);
  Worker& w = workers_.emplace_back();
  w.pid = pid;
  w.fd = sv[0];
  pids_.push_back(pid);
  ++live_;
}

// Only from the constructor, before the result thread exists: closing our
// ends makes every worker read EOF and exit, so waiting cannot hang.
void ProcessPool::ReapAllAfterFailure() {
  if (epoll_fd_ >= 0) close(epoll_fd_);
  for (Worker& w : workers_) {
    close(w.fd);
    w.fd = -1;
    w.status = WaitChild(w.pid);
  }
  live_ = 0;
}

ProcessPool::~ProcessPool() {
  Close();
  try {
    Join();
  } catch (...) {
    // Only a destructor running on the pool's own thread gets here: it
    // would wait for itself. A bug in the caller, with nothing to recover.
    std::terminate();
  }
}

std::future<std::uint64_t> ProcessPool::ApplyAsync(ProcessTask task,
                                                   std::uint64_t arg) {
  return ApplyAsync(task, arg, nullptr);
}

std::future<std::uint64_t> ProcessPool::ApplyAsync(
    ProcessTask task, std::uint64_t arg,
    std::function<void(std::uint64_t)> callback) {
  Pending p;
  p.task = task;
  p.arg = arg;
  p.callback = std::move(callback);
  std::future<std::uint64_t> future = p.promise.get_future();
  LockGuard lock(mu_);
  if (closed_) throw PoolStateError("ProcessPool: submit after Close()");
  if (live_ == 0) {  // no other thread can see this promise yet
    p.promise.set_exception(std::make_exception_ptr(
        TaskFailed("ProcessPool: every worker has died")));
    return future;
  }
  queue_.push_back(std::move(p));
  Dispatch();
  return future;
}

std::uint64_t ProcessPool::Apply(ProcessTask task, std::uint64_t arg) {
  return ApplyAsync(task, arg).get();
}

void ProcessPool::Dispatch() {
  while (!queue_.empty()) {
    Worker* best = nullptr;  // the least loaded worker with credit left
    for (Worker& w : workers_) {
      if (w.fd < 0 || !w.accepting || w.running.size() >= kCredit) continue;
      if (best == nullptr || w.running.size() < best->running.size()) {
        best = &w;
      }
    }
    if (best == nullptr) return;
    const TaskMessage m{queue_.front().task, queue_.front().arg};
    if (send(best->fd, &m, sizeof m, MSG_NOSIGNAL) != sizeof m) {
      best->accepting = false;  // dying; the result thread will reap it
      continue;
    }
    best->running.push_back(std::move(queue_.front()));
    queue_.pop_front();
  }
}

bool ProcessPool::Idle() const {
  return queue_.empty() &&
         std::all_of(workers_.begin(), workers_.end(),
                     [](const Worker& w) { return w.running.empty(); });
}

void ProcessPool::ResultLoop() {
  // epoll, not poll: a wake-up costs the ready workers, not all of them,
  // which matters at 100+ workers and 50k+ results a second.
  constexpr int kBatch = 64;
  epoll_event events[kBatch];
  for (;;) {
    {
      LockGuard lock(mu_);
      if (live_ == 0) return;
    }
    const int n = epoll_wait(epoll_fd_, events, kBatch, -1);
    for (int i = 0; i < n; ++i) {
      const auto w = static_cast<std::size_t>(events[i].data.u64);
      if (OwnWorker(w).fd >= 0) OnReadable(w);  // gone earlier in the batch
    }
  }
}

void ProcessPool::OnReadable(std::size_t w) {
  // Only this thread reads, closes or changes a worker's fd.
  ResultMessage r;
  ssize_t n;
  do {
    n = recv(OwnWorker(w).fd, &r, sizeof r, 0);
  } while (n < 0 && errno == EINTR);
  if (n != sizeof r) {
    // EOF (or a reset) means the worker is exiting; anything else breaks
    // the protocol, and the worker is ended so that reaping cannot hang.
    const bool exiting = n == 0 || (n < 0 && errno == ECONNRESET);
    if (!exiting) kill(OwnWorker(w).pid, SIGKILL);
    OnWorkerGone(w);
    return;
  }
  Pending p;
  {
    LockGuard lock(mu_);
    p = std::move(workers_[w].running.front());
    workers_[w].running.pop_front();
    Dispatch();
    if (Idle()) idle_.notify_all();
  }
  if (!r.ok) {
    r.error[sizeof r.error - 1] = '\0';
    Fail(std::move(p), std::make_exception_ptr(TaskFailed(
                           std::string("task failed in worker: ") + r.error)));
    return;
  }
  try {
    if (p.callback) p.callback(r.value);
    p.promise.set_value(r.value);
  } catch (...) {
    Fail(std::move(p), std::current_exception());
  }
}

void ProcessPool::Fail(Pending p, std::exception_ptr error) {
  p.promise.set_exception(std::move(error));
  LockGuard lock(mu_);
  failed_.push_back(std::move(p));
}

void ProcessPool::OnWorkerGone(std::size_t w) {
  const pid_t pid = OwnWorker(w).pid;
  const int status = WaitChild(pid);
  std::vector<Pending> failed;
  {
    LockGuard lock(mu_);
    Worker& worker = workers_[w];
    close(worker.fd);
    worker.fd = -1;
    worker.status = status;
    --live_;
    // Results come back in order, so the first task was the one running;
    // the ones behind it never started and go to the other workers.
    if (!worker.running.empty()) {
      failed.push_back(std::move(worker.running.front()));
      worker.running.pop_front();
    }
    while (!worker.running.empty()) {
      queue_.push_front(std::move(worker.running.back()));
      worker.running.pop_back();
    }
    if (live_ == 0) {
      for (Pending& p : queue_) failed.push_back(std::move(p));
      queue_.clear();
    }
    Dispatch();
    if (Idle()) idle_.notify_all();
  }
  const std::string why = "ProcessPool: worker pid " + std::to_string(pid) +
                          " " + DescribeStatus(status) +
                          " before the task's result came back";
  for (Pending& p : failed) {
    Fail(std::move(p), std::make_exception_ptr(TaskFailed(why)));
  }
}

void ProcessPool::Close() {
  LockGuard lock(mu_);
  closed_ = true;
}

void ProcessPool::Terminate() {
  {
    LockGuard lock(mu_);
    closed_ = true;
    // The result thread reads each one's EOF, reaps it and fails its tasks;
    // once none is left, the queued tasks fail too and the pool is idle.
    for (const Worker& w : workers_) {
      if (w.fd >= 0) kill(w.pid, SIGKILL);
    }
  }
  Join();
}

void ProcessPool::Join() {
  {
    LockGuard lock(mu_);
    if (!closed_) throw PoolStateError("ProcessPool: Join() before Close()");
  }
  if (std::this_thread::get_id() == result_thread_id_) {
    throw PoolStateError("ProcessPool: Join() from a callback");
  }
  LockGuard join_lock(join_mu_);
  if (!result_thread_.joinable()) return;
  {
    MutexLock lock(mu_);
    lock.Wait(idle_, [this]() REQUIRES(mu_) { return Idle(); });
    // Every worker reads EOF, exits, and the result thread reaps it.
    for (Worker& w : workers_) {
      if (w.fd >= 0) shutdown(w.fd, SHUT_WR);
    }
  }
  result_thread_.join();
  close(epoll_fd_);
  LockGuard lock(mu_);
  failed_.clear();
}

std::vector<int> ProcessPool::exit_statuses() const {
  LockGuard lock(mu_);
  std::vector<int> out;
  for (const Worker& w : workers_) out.push_back(w.status);
  return out;
}

}  // namespace mt::workloads
