// A body run beside the caller, in a forked child process or in a thread, so
// benchmarks and tests drive the other end of a queue the same way whichever
// it is.
#pragma once

#include <sys/types.h>

#include <functional>
#include <thread>

#include "workloads/base/worker_hook.h"

namespace mt::workloads {

// Thread safety: start, Wait and destroy a Peer on one thread.
class Peer {
 public:
  enum class Kind { kProcess, kThread };
  // Exit status of a body that threw instead of returning.
  static constexpr int kThrew = 125;

  // Starts `body`. In a child process (ForkChild) its return value is the
  // exit status and the child leaves with _exit: no destructors or atexit
  // handlers run there, so only the parent tears down what it shares with
  // the child. The child is killed if the starting thread dies first.
  // After fork the child may only use what is safe in a forked copy of a
  // possibly multithreaded parent (system calls, atomics, memcpy), unless the
  // caller knows the parent had one thread. The peer calls on_start(0, 1)
  // before the body. Throws std::system_error when the process or thread
  // cannot be started.
  Peer(Kind kind, std::function<int()> body,
       const OnWorkerStart& on_start = {});
  // A child process not yet waited for is killed (SIGKILL) and reaped; a
  // thread is joined, so its body must end by itself.
  ~Peer();
  Peer(const Peer&) = delete;
  Peer& operator=(const Peer&) = delete;

  // Waits for the body to end; its return value, or 128 + the signal that
  // ended the child. Call at most once.
  int Wait();
  pid_t pid() const { return pid_; }  // -1 for a thread
  Kind kind() const { return kind_; }

 private:
  Kind kind_;
  pid_t pid_ = -1;
  bool waited_ = false;
  std::thread thread_;
  int thread_result_ = 0;  // written by thread_, read after join
};

}  // namespace mt::workloads
