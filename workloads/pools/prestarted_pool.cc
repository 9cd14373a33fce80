// Forked worker processes serving tasks until their socket closes.
#include "workloads/pools/prestarted_pool.h"

#include <errno.h>
#include <sys/socket.h>
#include <unistd.h>

#include <system_error>
#include <utility>

#include "workloads/process/spawn_io.h"

namespace mt::workloads {

PrestartedPool::PrestartedPool(int workers, OnWorkerStart on_start)
    : on_start_(std::move(on_start)), size_(workers) {
  if (workers < 1) throw std::invalid_argument("PrestartedPool needs >= 1");
  try {
    for (int i = 0; i < workers; ++i) workers_.push_back(Start(i));
  } catch (...) {
    for (Worker& w : workers_) Stop(w);
    throw;
  }
}

PrestartedPool::~PrestartedPool() {
  for (Worker& w : workers_) Stop(w);
}

std::vector<pid_t> PrestartedPool::pids() const {
  std::vector<pid_t> out;
  for (const Worker& w : workers_) out.push_back(w.pid);
  return out;
}

PrestartedPool::Worker PrestartedPool::Start(int index) {
  int fd[2];
  if (socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, fd) != 0)
    throw std::system_error(errno, std::generic_category(), "socketpair");
  pid_t pid = fork();
  if (pid < 0) {
    const int err = errno;
    close(fd[0]);
    close(fd[1]);
    throw std::system_error(err, std::generic_category(), "fork");
  }
  if (pid == 0) {
    // The other workers' sockets came along with the fork: close our copies,
    // or those workers would never see end of file.
    for (const Worker& w : workers_) close(w.fd);
    close(fd[0]);
    CallWorkerHook(on_start_, index, size_);
    _exit(ServeSpawnTasks(fd[1], fd[1]));
  }
  close(fd[1]);
  return {pid, fd[0]};
}

void PrestartedPool::Stop(Worker& worker) {
  CloseFd(worker.fd);
  if (worker.pid > 0) Reap(worker.pid);
  worker.pid = -1;
}

std::uint64_t PrestartedPool::Run(const SpawnTask& task) {
  const std::size_t index = next_;
  Worker& worker = workers_[index];
  next_ = (next_ + 1) % workers_.size();
  std::uint64_t result = 0;
  // A dead worker makes the send fail (EPIPE, no signal); the read then
  // sees end of file.
  WriteFull(worker.fd, &task, sizeof task);
  if (ReadFull(worker.fd, &result, sizeof result) ==
      static_cast<long>(sizeof result)) {
    return result;
  }
  CloseFd(worker.fd);
  const ChildExit how = Reap(worker.pid);
  worker.pid = -1;
  worker = Start(
      int(index));  // the pool keeps its size, as multiprocessing.Pool does
  throw ChildFailed("pool worker", how);
}

}  // namespace mt::workloads
