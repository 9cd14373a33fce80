// The pipe backend, as multiprocessing.Queue builds it: length-prefixed
// frames in a pipe, a shared semaphore counting free slots (maxsize), and one
// lock for writers and one for readers so frames never interleave.
#include <fcntl.h>
#include <poll.h>
#include <sys/uio.h>
#include <unistd.h>

#include <climits>
#include <cstdint>
#include <system_error>

#include "workloads/locks/futex.h"
#include "workloads/queues/queue_backends.h"

namespace mt::workloads::queue_detail {
namespace {

using Header = std::uint32_t;  // frame length; max_message is below 2^20
constexpr std::size_t kPage = 4096;

void WriteAll(int fd, iovec* iov, int count) {
  while (count > 0) {
    ssize_t n = writev(fd, iov, count);
    if (n < 0) {
      if (errno == EINTR) continue;
      ThrowErrno("write to the queue's pipe");
    }
    auto done = static_cast<std::size_t>(n);
    while (count > 0 && done >= iov->iov_len) {
      done -= iov->iov_len;
      ++iov;
      --count;
    }
    if (count > 0) {
      iov->iov_base = static_cast<char*>(iov->iov_base) + done;
      iov->iov_len -= done;
    }
  }
}

void ReadAll(int fd, void* to, std::size_t bytes) {
  auto* at = static_cast<char*>(to);
  while (bytes > 0) {
    ssize_t n = read(fd, at, bytes);
    if (n < 0 && errno == EINTR) continue;
    if (n == 0) errno = EPIPE;  // every writer gone mid-frame
    if (n <= 0) ThrowErrno("read from the queue's pipe");
    at += n;
    bytes -= static_cast<std::size_t>(n);
  }
}

class PipeQueue final : public MessageQueue {
 public:
  explicit PipeQueue(QueueOptions o)
      : MessageQueue(o), state_(static_cast<std::uint32_t>(o.maxsize)) {
    int fds[2];
    if (pipe2(fds, O_CLOEXEC) != 0) ThrowErrno("pipe2");
    read_fd_ = fds[0];
    write_fd_ = fds[1];
    // A writer holding a slot must never wait for pipe space (put_nowait
    // would block): the pipe holds maxsize frames, each taking at most its
    // pages plus one partly filled page.
    const std::size_t frame = sizeof(Header) + o.max_message;
    const std::size_t need =
        o.maxsize * ((frame + kPage - 1) / kPage * kPage + kPage);
    int got = need > INT_MAX ? -1 : fcntl(write_fd_, F_SETPIPE_SZ, int(need));
    if (got < 0 || static_cast<std::size_t>(got) < need) {
      int err = errno;
      Close();
      throw std::system_error(
          err, std::generic_category(),
          "pipe queue needs a " + std::to_string(need) +
              "-byte pipe for maxsize x max_message; the kernel allows " +
              ReadProcLine("/proc/sys/fs/pipe-max-size") +
              " (/proc/sys/fs/pipe-max-size, raise it as root)");
    }
  }
  ~PipeQueue() override { Close(); }

  std::size_t Size() const override {
    return maxsize() - state_->free_slots.Value();
  }
  QueueBackend backend() const override { return QueueBackend::kPipe; }

 protected:
  bool TryPut(std::span<const std::byte> message,
              const Deadline& deadline) override {
    if (!state_->free_slots.Acquire(deadline)) return false;
    if (!state_->write_lock.Acquire(deadline)) {
      state_->free_slots.Release();
      return false;
    }
    Header length = static_cast<Header>(message.size());
    iovec iov[2] = {{&length, sizeof length},
                    {const_cast<std::byte*>(message.data()), message.size()}};
    WriteAll(write_fd_, iov, 2);
    state_->write_lock.Release();
    return true;
  }

  std::optional<std::size_t> TryGet(std::span<std::byte> out,
                                    const Deadline& deadline) override {
    if (!state_->read_lock.Acquire(deadline)) return std::nullopt;
    // Holding the read lock, nobody else can take the frame poll announces.
    if (!deadline.forever() && !WaitFd(read_fd_, POLLIN, deadline)) {
      state_->read_lock.Release();
      return std::nullopt;
    }
    Header length = 0;
    ReadAll(read_fd_, &length, sizeof length);
    ReadAll(read_fd_, out.data(), length);
    state_->read_lock.Release();
    state_->free_slots.Release();
    return length;
  }

 private:
  struct State {
    explicit State(std::uint32_t maxsize) : free_slots(maxsize) {}
    FutexSemaphore free_slots;
    FutexSemaphore write_lock{1};
    FutexSemaphore read_lock{1};
  };

  void Close() {
    if (read_fd_ >= 0) close(read_fd_);
    if (write_fd_ >= 0) close(write_fd_);
    read_fd_ = write_fd_ = -1;
  }

  Shared<State> state_;
  int read_fd_ = -1;
  int write_fd_ = -1;
};

}  // namespace

std::unique_ptr<MessageQueue> MakePipeQueue(QueueOptions options) {
  return std::make_unique<PipeQueue>(options);
}

}  // namespace mt::workloads::queue_detail
