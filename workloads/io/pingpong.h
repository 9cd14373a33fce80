// Two tasks handing a token back and forth, so that every hand-over is a
// wake-up and (on one PU) a context switch: lmbench's lat_ctx and lat_pipe.
// Between two threads through a futex or a condition variable, between two
// processes through a pair of pipes, and a process with itself (lat_ctx's
// overhead: the pipe calls without a switch).
#pragma once

#include <signal.h>
#include <sys/types.h>

#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <mutex>
#include <thread>

#include "workloads/base/cache_line.h"
#include "workloads/base/worker_hook.h"

namespace mt::workloads {

// Thread safety: RoundTrip() and the destructor from the thread that
// constructed it; the partner thread is internal.
class ThreadPingPong {
 public:
  enum class Kind { kFutex, kCondVar };
  // Starts the partner thread, which calls on_start(0, 1) before serving.
  explicit ThreadPingPong(Kind kind, OnWorkerStart on_start = {});
  ~ThreadPingPong();  // stops the partner and joins it
  ThreadPingPong(const ThreadPingPong&) = delete;
  ThreadPingPong& operator=(const ThreadPingPong&) = delete;

  // Hands the token to the partner and sleeps until it comes back.
  void RoundTrip();
  // Round trips the partner has answered; exact once RoundTrip returned.
  std::uint64_t answered() const {
    return answered_.load(std::memory_order_acquire);
  }

 private:
  // Who holds the token. Memory ordering: release on every hand-over,
  // acquire on every look, so what a side wrote before passing the token is
  // visible to the other.
  enum : std::uint32_t { kWithCaller = 0, kWithPartner = 1, kStop = 2 };
  void Serve();
  void Pass(std::uint32_t to);
  void AwaitChangeFrom(std::uint32_t from);

  const Kind kind_;
  alignas(kCacheLine) std::atomic<std::uint32_t> token_{kWithCaller};
  std::atomic<std::uint64_t> answered_{0};
  std::mutex mu_;  // kCondVar: guards hand-overs with cv_
  std::condition_variable cv_;
  std::thread partner_;
};

// A forked partner process echoing one byte from one pipe to the other, as
// lat_pipe does. SIGPIPE is blocked for the owning thread meanwhile, so a
// partner that died makes RoundTrip throw instead of killing us.
// Thread safety: one thread, which also constructs and destroys it.
class PipePingPong {
 public:
  // Forks the partner, which calls on_start(0, 1) before serving. Throws
  // std::system_error when pipe or fork fails.
  explicit PipePingPong(const OnWorkerStart& on_start = {});
  ~PipePingPong();  // closes the pipes: the partner sees end of file, exits
                    // and is reaped
  PipePingPong(const PipePingPong&) = delete;
  PipePingPong& operator=(const PipePingPong&) = delete;

  // One byte there and back; throws std::runtime_error when the partner is
  // gone.
  void RoundTrip();
  pid_t partner() const { return partner_; }

 private:
  void Close();  // closes the pipes, reaps the partner, restores the mask
  int to_partner_ = -1;
  int from_partner_ = -1;
  pid_t partner_ = -1;
  sigset_t saved_mask_;
};

// One byte written to a pipe and read back by the same thread: the cost of
// the two calls without any switch (lat_ctx's "ovr").
class PipeLoopback {
 public:
  PipeLoopback();
  ~PipeLoopback();
  PipeLoopback(const PipeLoopback&) = delete;
  PipeLoopback& operator=(const PipeLoopback&) = delete;
  void RoundTrip();

 private:
  int fd_[2] = {-1, -1};
};

}  // namespace mt::workloads
