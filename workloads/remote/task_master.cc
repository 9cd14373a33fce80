// The master: an acceptor thread, one thread per worker connection.
#include "workloads/remote/task_master.h"

#include <sys/socket.h>
#include <unistd.h>

#include <map>
#include <stdexcept>

#include "workloads/remote/remote_conn.h"

namespace mt::workloads {
namespace {

// A peer that connects and never answers the challenge must not hold its
// thread forever; 5 s is far beyond a loopback round trip.
constexpr timeval kHandshakeTimeout = {.tv_sec = 5, .tv_usec = 0};
// Above this many live connections new ones are closed at once, so a flood
// of connects cannot exhaust threads.
constexpr std::size_t kMaxConnections = 256;

}  // namespace

TaskMaster::TaskMaster(std::string authkey, std::uint16_t port)
    : authkey_(std::move(authkey)) {
  std::string error;
  listen_fd_ = ListenLoopback(port, &error);
  if (listen_fd_ < 0) throw std::runtime_error(error);
  port_ = LocalPort(listen_fd_);
  acceptor_ = std::thread([this] { AcceptLoop(); });
}

TaskMaster::~TaskMaster() {
  {
    LockGuard lock(mu_);
    stopping_ = true;
    // shutdown() wakes a thread blocked in accept() or recv() on the fd;
    // each serving thread closes its own fd after leaving open_fds_.
    shutdown(listen_fd_, SHUT_RDWR);
    for (int fd : open_fds_) shutdown(fd, SHUT_RDWR);
  }
  task_ready_.notify_all();
  acceptor_.join();
  for (Connection& c : connections_) c.thread.join();
  close(listen_fd_);
}

void TaskMaster::AcceptLoop() {
  for (;;) {
    int fd = accept4(listen_fd_, nullptr, nullptr, SOCK_CLOEXEC);
    if (fd < 0) {
      if (errno == EINTR || errno == ECONNABORTED) continue;
      return;  // shut down by the destructor
    }
    std::erase_if(connections_, [](Connection& c) {
      if (!c.done.load(std::memory_order_acquire)) return false;
      c.thread.join();
      return true;
    });
    LockGuard lock(mu_);
    if (stopping_ || connections_.size() >= kMaxConnections) {
      close(fd);
      continue;
    }
    ++stats_.connections;
    open_fds_.insert(fd);
    Connection& c = connections_.emplace_back();
    c.thread = std::thread([this, fd, &c] {
      Serve(fd);
      c.done.store(true, std::memory_order_release);
    });
  }
}

void TaskMaster::Serve(int fd) {
  {
    FrameConnection conn(fd);
    setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &kHandshakeTimeout,
               sizeof kHandshakeTimeout);
    if (!ChallengePeer(conn, authkey_)) {
      {
        // Counted before the peer hears of it: whoever learns of the refusal
        // from the peer finds it in Stats().
        LockGuard lock(mu_);
        ++stats_.refused_auth;
      }
      conn.Send({.type = MessageType::kRefused});
    } else if (conn.Send({.type = MessageType::kWelcome}) &&
               AnswerChallenge(conn, authkey_)) {
      constexpr timeval kNoTimeout = {};
      setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &kNoTimeout, sizeof kNoTimeout);
      ServeAuthenticated(conn);
    }
    LockGuard lock(mu_);
    open_fds_.erase(fd);  // before close: the fd number may be reused
  }
}

void TaskMaster::ServeAuthenticated(FrameConnection& conn) {
  // Handed to this worker and not answered; a multimap, since nothing stops
  // a caller from putting two tasks with one id.
  std::multimap<std::uint64_t, Task> in_flight;
  bool bad_frame = false;
  for (Message m;;) {
    FrameConnection::Status status = conn.Receive(&m);
    if (status != FrameConnection::Status::kMessage) {
      bad_frame = status == FrameConnection::Status::kBadFrame;
      break;
    }
    if (m.type == MessageType::kGetTask) {
      Task task;
      if (!NextTask(&task)) {
        conn.Send({.type = MessageType::kNoMoreTasks});
        continue;
      }
      auto it = in_flight.emplace(task.id, std::move(task));
      if (!conn.Send({.type = MessageType::kTask,
                      .task_id = it->first,
                      .numbers = it->second.numbers}))
        break;  // the task stays in flight and is requeued below
      continue;
    }
    auto it = in_flight.find(m.task_id);
    if (m.type != MessageType::kResult || it == in_flight.end()) {
      bad_frame = true;  // a result never asked for, or a stray type
      break;
    }
    in_flight.erase(it);
    LockGuard lock(mu_);
    results_.push_back({m.task_id, std::move(m.numbers)});
    ++stats_.results;
    --in_flight_;
    result_ready_.notify_one();
    if (finished_ && in_flight_ == 0) task_ready_.notify_all();
  }
  LockGuard lock(mu_);
  if (bad_frame) ++stats_.dropped_frames;
  for (auto& [id, task] : in_flight) {
    tasks_.push_front(std::move(task));  // first out again
    ++stats_.requeued;
    --in_flight_;
  }
  if (!in_flight.empty()) task_ready_.notify_all();
}

bool TaskMaster::NextTask(Task* out) {
  MutexLock lock(mu_);
  lock.Wait(task_ready_, [this]() REQUIRES(mu_) {
    return !tasks_.empty() || stopping_ || (finished_ && in_flight_ == 0);
  });
  if (tasks_.empty() || stopping_) return false;
  *out = std::move(tasks_.front());
  tasks_.pop_front();
  ++in_flight_;
  return true;
}

void TaskMaster::PutTask(Task task) {
  {
    LockGuard lock(mu_);
    tasks_.push_back(std::move(task));
  }
  task_ready_.notify_one();
}

bool TaskMaster::GetResult(Task* out, std::chrono::milliseconds timeout) {
  MutexLock lock(mu_);
  if (!lock.WaitFor(result_ready_, timeout,
                    [this]() REQUIRES(mu_) { return !results_.empty(); }))
    return false;
  *out = std::move(results_.front());
  results_.pop_front();
  return true;
}

void TaskMaster::Finish() {
  {
    LockGuard lock(mu_);
    finished_ = true;
  }
  task_ready_.notify_all();
}

MasterStats TaskMaster::Stats() const {
  LockGuard lock(mu_);
  return stats_;
}

}  // namespace mt::workloads
