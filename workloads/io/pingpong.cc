// Token passing between threads (futex, condition variable) and processes
// (pipes), each hand-over a wake-up of a sleeping task.
#include "workloads/io/pingpong.h"

#include <errno.h>
#include <fcntl.h>
#include <linux/futex.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <stdexcept>
#include <system_error>
#include <utility>

#include "workloads/process/spawn.h"
#include "workloads/process/spawn_io.h"

namespace mt::workloads {
namespace {

long Futex(std::atomic<std::uint32_t>* word, int op, std::uint32_t value) {
  // std::atomic<uint32_t> is a plain 32-bit word: the kernel may watch it.
  return syscall(SYS_futex, reinterpret_cast<std::uint32_t*>(word), op, value,
                 nullptr, nullptr, 0);
}

[[noreturn]] void ThrowErrno(const char* what) {
  throw std::system_error(errno, std::generic_category(), what);
}

// One byte through a pipe end, EINTR retried; false on error or end of file.
bool WriteByte(int fd, char c) {
  ssize_t n;
  while ((n = write(fd, &c, 1)) < 0 && errno == EINTR) {
  }
  return n == 1;
}
bool ReadByte(int fd, char* c) {
  ssize_t n;
  while ((n = read(fd, c, 1)) < 0 && errno == EINTR) {
  }
  return n == 1;
}

}  // namespace

ThreadPingPong::ThreadPingPong(Kind kind, OnWorkerStart on_start)
    : kind_(kind), partner_([this, on_start = std::move(on_start)] {
        CallWorkerHook(on_start, 0, 1);
        Serve();
      }) {}

ThreadPingPong::~ThreadPingPong() {
  Pass(kStop);
  partner_.join();
}

void ThreadPingPong::Pass(std::uint32_t to) {
  if (kind_ == Kind::kFutex) {
    token_.store(to, std::memory_order_release);
    Futex(&token_, FUTEX_WAKE_PRIVATE, 1);
    return;
  }
  {
    std::lock_guard<std::mutex> lock(mu_);
    token_.store(to, std::memory_order_release);
  }
  cv_.notify_one();
}

void ThreadPingPong::AwaitChangeFrom(std::uint32_t from) {
  if (kind_ == Kind::kFutex) {
    // FUTEX_WAIT sleeps only while the word still holds `from`, so a wake
    // that came first is never lost.
    while (token_.load(std::memory_order_acquire) == from) {
      Futex(&token_, FUTEX_WAIT_PRIVATE, from);
    }
    return;
  }
  std::unique_lock<std::mutex> lock(mu_);
  cv_.wait(lock,
           [&] { return token_.load(std::memory_order_acquire) != from; });
}

void ThreadPingPong::RoundTrip() {
  Pass(kWithPartner);
  AwaitChangeFrom(kWithPartner);
}

void ThreadPingPong::Serve() {
  for (;;) {
    AwaitChangeFrom(kWithCaller);
    if (token_.load(std::memory_order_acquire) == kStop) return;
    answered_.fetch_add(1, std::memory_order_relaxed);  // published by Pass
    Pass(kWithCaller);
  }
}

PipePingPong::PipePingPong(const OnWorkerStart& on_start) {
  sigset_t pipe_only;
  sigemptyset(&pipe_only);
  sigaddset(&pipe_only, SIGPIPE);
  pthread_sigmask(SIG_BLOCK, &pipe_only, &saved_mask_);
  int there[2] = {-1, -1}, back[2] = {-1, -1};
  if (pipe2(there, O_CLOEXEC) != 0 || pipe2(back, O_CLOEXEC) != 0) {
    const int err = errno;
    for (int fd : {there[0], there[1], back[0], back[1]}) {
      if (fd >= 0) close(fd);
    }
    Close();  // restores the signal mask
    errno = err;
    ThrowErrno("pipe");
  }
  to_partner_ = there[1];
  from_partner_ = back[0];
  partner_ = fork();
  if (partner_ == 0) {
    close(there[1]);
    close(back[0]);
    CallWorkerHook(on_start, 0, 1);
    char c;
    while (ReadByte(there[0], &c)) {
      if (!WriteByte(back[1], c)) _exit(1);
    }
    _exit(0);  // end of file: the parent closed its end
  }
  const int err = errno;
  close(there[0]);
  close(back[1]);
  if (partner_ < 0) {
    Close();
    errno = err;
    ThrowErrno("fork");
  }
}

PipePingPong::~PipePingPong() { Close(); }

void PipePingPong::Close() {
  CloseFd(to_partner_);
  CloseFd(from_partner_);
  if (partner_ > 0) Reap(partner_);
  partner_ = -1;
  // A write to the dead partner raised SIGPIPE while blocked: consume it
  // before the old mask could deliver it.
  sigset_t pipe_only;
  sigemptyset(&pipe_only);
  sigaddset(&pipe_only, SIGPIPE);
  if (sigismember(&saved_mask_, SIGPIPE) != 1) {
    const timespec zero{0, 0};
    while (sigtimedwait(&pipe_only, nullptr, &zero) == SIGPIPE) {
    }
  }
  pthread_sigmask(SIG_SETMASK, &saved_mask_, nullptr);
}

void PipePingPong::RoundTrip() {
  char c = 'x';
  if (!WriteByte(to_partner_, c) || !ReadByte(from_partner_, &c)) {
    throw std::runtime_error("pipe ping-pong: the partner process is gone");
  }
}

PipeLoopback::PipeLoopback() {
  if (pipe2(fd_, O_CLOEXEC) != 0) ThrowErrno("pipe");
}

PipeLoopback::~PipeLoopback() {
  CloseFd(fd_[0]);
  CloseFd(fd_[1]);
}

void PipeLoopback::RoundTrip() {
  char c = 'x';
  if (!WriteByte(fd_[1], c) || !ReadByte(fd_[0], &c)) {
    throw std::runtime_error("pipe loopback failed");
  }
}

}  // namespace mt::workloads
