// The Unix socket pair backend: SOCK_SEQPACKET keeps each message one record,
// sent and received whole, so several writers and readers need no locks; a
// shared semaphore counts free slots (maxsize).
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <climits>
#include <cstdint>
#include <system_error>

#include "workloads/locks/futex.h"
#include "workloads/queues/queue_backends.h"

namespace mt::workloads::queue_detail {
namespace {

// Kernel bookkeeping charged per queued record on top of its bytes (skb
// head and struct): 1 KiB is above what Linux charges on x86-64 and arm64.
constexpr std::size_t kRecordOverhead = 1024;

class SocketPairQueue final : public MessageQueue {
 public:
  explicit SocketPairQueue(QueueOptions o)
      : MessageQueue(o), free_slots_(static_cast<std::uint32_t>(o.maxsize)) {
    int fds[2];
    if (socketpair(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0, fds) != 0) {
      ThrowErrno("socketpair(AF_UNIX, SOCK_SEQPACKET)");
    }
    send_fd_ = fds[0];
    receive_fd_ = fds[1];
    // Room for maxsize records so a put holding a slot rarely waits: forced
    // past net.core.wmem_max where allowed (CAP_NET_ADMIN), else as large as
    // the limit lets. A put that still finds the buffer full waits for it
    // within its deadline.
    const std::size_t want = o.maxsize * (o.max_message + kRecordOverhead);
    // Half of INT_MAX at most: the kernel doubles what it is given.
    int bytes = want > INT_MAX / 2 ? INT_MAX / 2 : static_cast<int>(want);
    if (setsockopt(send_fd_, SOL_SOCKET, SO_SNDBUFFORCE, &bytes,
                   sizeof bytes) != 0) {
      setsockopt(send_fd_, SOL_SOCKET, SO_SNDBUF, &bytes, sizeof bytes);
    }
    // A record longer than the send buffer is refused outright (EMSGSIZE).
    int have = 0;
    socklen_t len = sizeof have;
    getsockopt(send_fd_, SOL_SOCKET, SO_SNDBUF, &have, &len);
    if (static_cast<std::size_t>(have) < o.max_message + kRecordOverhead) {
      Close();
      throw std::system_error(
          EMSGSIZE, std::generic_category(),
          "socket pair send buffer of " + std::to_string(have) +
              " bytes cannot take a " + std::to_string(o.max_message) +
              "-byte record; raise /proc/sys/net/core/wmem_max (now " +
              ReadProcLine("/proc/sys/net/core/wmem_max") + ") as root");
    }
  }
  ~SocketPairQueue() override { Close(); }

  std::size_t Size() const override { return maxsize() - free_slots_->Value(); }
  QueueBackend backend() const override { return QueueBackend::kSocketPair; }

 protected:
  bool TryPut(std::span<const std::byte> message,
              const Deadline& deadline) override {
    if (!free_slots_->Acquire(deadline)) return false;
    const int flags = MSG_NOSIGNAL | (deadline.forever() ? 0 : MSG_DONTWAIT);
    for (;;) {
      if (send(send_fd_, message.data(), message.size(), flags) >= 0) {
        return true;
      }
      if (errno == EINTR) continue;
      if (errno != EAGAIN) ThrowErrno("send on the queue's socket pair");
      if (!WaitFd(send_fd_, POLLOUT, deadline)) {
        free_slots_->Release();
        return false;
      }
    }
  }

  std::optional<std::size_t> TryGet(std::span<std::byte> out,
                                    const Deadline& deadline) override {
    const int flags = deadline.forever() ? 0 : MSG_DONTWAIT;
    for (;;) {
      ssize_t n = recv(receive_fd_, out.data(), out.size(), flags);
      if (n >= 0) {
        free_slots_->Release();
        return static_cast<std::size_t>(n);
      }
      if (errno == EINTR) continue;
      if (errno != EAGAIN) ThrowErrno("recv on the queue's socket pair");
      // Another reader may take what poll announced: then try again.
      if (!WaitFd(receive_fd_, POLLIN, deadline)) return std::nullopt;
    }
  }

 private:
  void Close() {
    if (send_fd_ >= 0) close(send_fd_);
    if (receive_fd_ >= 0) close(receive_fd_);
    send_fd_ = receive_fd_ = -1;
  }

  Shared<FutexSemaphore> free_slots_;
  int send_fd_ = -1;
  int receive_fd_ = -1;
};

}  // namespace

std::unique_ptr<MessageQueue> MakeSocketPairQueue(QueueOptions options) {
  return std::make_unique<SocketPairQueue>(options);
}

}  // namespace mt::workloads::queue_detail
