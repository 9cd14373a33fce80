// The seeds' QueueManager master: a task queue and a result queue served on
// a loopback TCP port to workers that prove they know the authkey. A task
// handed to a worker whose connection dies is handed out again.
#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <list>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "workloads/base/mutex.h"
#include "workloads/base/thread_annotations.h"

namespace mt::workloads {

struct Task {
  std::uint64_t id = 0;
  std::vector<std::int64_t> numbers;  // for a result: their squares
};

struct MasterStats {
  std::int64_t connections = 0;     // accepted
  std::int64_t refused_auth = 0;    // wrong authkey (or no answer)
  std::int64_t dropped_frames = 0;  // malformed, oversized or out of place
  std::int64_t requeued = 0;        // tasks handed out again
  std::int64_t results = 0;         // results received
};

// Thread safety: every public member may be called from any thread.
// One thread per connection serves it (the managers' model); a thread
// waiting for a task holds no lock while it waits.
class TaskMaster {
 public:
  // Listens on 127.0.0.1:`port` (0: ephemeral); throws std::runtime_error
  // when it cannot.
  explicit TaskMaster(std::string authkey, std::uint16_t port = 0);
  ~TaskMaster();  // drops every connection and joins every thread
  TaskMaster(const TaskMaster&) = delete;
  TaskMaster& operator=(const TaskMaster&) = delete;

  std::uint16_t port() const { return port_; }
  void PutTask(Task task);
  // The next result, or false when none came within `timeout`.
  bool GetResult(Task* out, std::chrono::milliseconds timeout);
  // No more tasks will come: once every task handed out is answered,
  // workers asking for one are told to leave.
  void Finish();
  MasterStats Stats() const;

 private:
  struct Connection {
    std::thread thread;
    std::atomic<bool> done{false};  // release: set last by its thread
  };
  void AcceptLoop();
  void Serve(int fd);
  void ServeAuthenticated(class FrameConnection& conn);
  bool NextTask(Task* out) EXCLUDES(mu_);  // false: all done, or stopping

  const std::string authkey_;
  int listen_fd_ = -1;
  std::uint16_t port_ = 0;
  mutable Mutex mu_;
  std::condition_variable task_ready_, result_ready_;
  std::deque<Task> tasks_ GUARDED_BY(mu_), results_ GUARDED_BY(mu_);
  std::set<int> open_fds_ GUARDED_BY(mu_);  // to wake at stop
  // Tasks handed out and not yet answered, over all connections: a
  // finished master keeps workers until these are answered, since a dying
  // worker's tasks come back.
  std::int64_t in_flight_ GUARDED_BY(mu_) = 0;
  bool finished_ GUARDED_BY(mu_) = false, stopping_ GUARDED_BY(mu_) = false;
  MasterStats stats_ GUARDED_BY(mu_);
  std::list<Connection> connections_;  // touched by the acceptor and ~
  std::thread acceptor_;
};

}  // namespace mt::workloads
