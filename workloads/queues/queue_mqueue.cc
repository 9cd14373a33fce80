// The POSIX message queue backend: the kernel keeps maxsize messages of up
// to max_message bytes, in order, with its own blocking and time-outs. The
// name is unlinked at once; the descriptor lives on, inherited across fork.
#include <errno.h>
#include <fcntl.h>
#include <mqueue.h>
#include <unistd.h>

#include <atomic>
#include <system_error>

#include "workloads/queues/queue_backends.h"

namespace mt::workloads::queue_detail {
namespace {

// Why mq_open refused, with the limit to raise.
std::string OpenFailure(QueueOptions o) {
  const std::string asked = "a POSIX message queue of " +
                            std::to_string(o.maxsize) + " messages x " +
                            std::to_string(o.max_message) + " bytes";
  switch (errno) {
    case EINVAL:
      return asked +
             " exceeds the limits for processes without "
             "CAP_SYS_RESOURCE: /proc/sys/fs/mqueue/msg_max = " +
             ReadProcLine("/proc/sys/fs/mqueue/msg_max") +
             " messages, /proc/sys/fs/mqueue/msgsize_max = " +
             ReadProcLine("/proc/sys/fs/mqueue/msgsize_max") +
             " bytes (raise them as root, e.g. sysctl "
             "fs.mqueue.msgsize_max=65536)";
    case EMFILE:
    case ENOMEM:
      return asked +
             " does not fit the per-user byte limit "
             "RLIMIT_MSGQUEUE (ulimit -q)";
    case ENOSPC:
      return asked + ": /proc/sys/fs/mqueue/queues_max = " +
             ReadProcLine("/proc/sys/fs/mqueue/queues_max") +
             " queues already exist";
    case ENOSYS:
      return "this kernel has no POSIX message queues (CONFIG_POSIX_MQUEUE)";
    default:
      return "mq_open of " + asked;
  }
}

class MqueueQueue final : public MessageQueue {
 public:
  explicit MqueueQueue(QueueOptions o) : MessageQueue(o) {
    static std::atomic<int> serial{0};  // unique names within a process
    const std::string name = "/mtbench-" + std::to_string(getpid()) + "-" +
                             std::to_string(serial.fetch_add(1));
    mq_attr attr{};
    attr.mq_maxmsg = static_cast<long>(o.maxsize);
    attr.mq_msgsize = static_cast<long>(o.max_message);
    queue_ = mq_open(name.c_str(), O_RDWR | O_CREAT | O_EXCL | O_CLOEXEC, 0600,
                     &attr);
    if (queue_ == static_cast<mqd_t>(-1)) {
      const int err = errno;
      throw std::system_error(err, std::generic_category(), OpenFailure(o));
    }
    mq_unlink(name.c_str());  // nothing left behind if we crash
  }
  ~MqueueQueue() override { mq_close(queue_); }

  std::size_t Size() const override {
    mq_attr attr{};
    if (mq_getattr(queue_, &attr) != 0) ThrowErrno("mq_getattr");
    return static_cast<std::size_t>(attr.mq_curmsgs);
  }
  QueueBackend backend() const override { return QueueBackend::kMqueue; }

 protected:
  // A past deadline on a full (empty) queue fails at once: put_nowait.
  bool TryPut(std::span<const std::byte> message,
              const Deadline& deadline) override {
    const auto* bytes = reinterpret_cast<const char*>(message.data());
    for (;;) {
      timespec at = deadline.Realtime();
      int rc = deadline.forever()
                   ? mq_send(queue_, bytes, message.size(), 0)
                   : mq_timedsend(queue_, bytes, message.size(), 0, &at);
      if (rc == 0) return true;
      if (errno == ETIMEDOUT && deadline.Expired()) return false;
      if (errno != EINTR && errno != ETIMEDOUT) ThrowErrno("mq_send");
    }
  }

  std::optional<std::size_t> TryGet(std::span<std::byte> out,
                                    const Deadline& deadline) override {
    auto* bytes = reinterpret_cast<char*>(out.data());
    for (;;) {
      timespec at = deadline.Realtime();
      ssize_t n =
          deadline.forever()
              ? mq_receive(queue_, bytes, out.size(), nullptr)
              : mq_timedreceive(queue_, bytes, out.size(), nullptr, &at);
      if (n >= 0) return static_cast<std::size_t>(n);
      if (errno == ETIMEDOUT && deadline.Expired()) return std::nullopt;
      if (errno != EINTR && errno != ETIMEDOUT) ThrowErrno("mq_receive");
    }
  }

 private:
  mqd_t queue_;
};

}  // namespace

std::unique_ptr<MessageQueue> MakeMqueueQueue(QueueOptions options) {
  return std::make_unique<MqueueQueue>(options);
}

}  // namespace mt::workloads::queue_detail
