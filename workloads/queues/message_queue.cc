// The backend-independent half of MessageQueue: argument checks, the Full
// and Empty errors, the factory, and the shared helpers of queue_backends.h.
#include "workloads/queues/message_queue.h"

#include <errno.h>
#include <poll.h>
#include <sys/mman.h>

#include <fstream>
#include <system_error>

#include "workloads/queues/queue_backends.h"

namespace mt::workloads {
namespace {

std::string Counts(const MessageQueue& q) {
  return "maxsize " + std::to_string(q.maxsize()) + ", qsize " +
         std::to_string(q.Size());
}

}  // namespace

std::string_view QueueBackendName(QueueBackend backend) {
  switch (backend) {
    case QueueBackend::kPipe:
      return "pipe";
    case QueueBackend::kSocketPair:
      return "socketpair";
    case QueueBackend::kMqueue:
      return "mqueue";
    case QueueBackend::kShmRing:
      return "shm_ring";
    case QueueBackend::kInProcess:
      return "in_process";
  }
  return "unknown";
}

void MessageQueue::Put(std::span<const std::byte> message,
                       const Deadline& deadline) {
  if (message.size() > max_message()) {
    throw std::invalid_argument(
        "message of " + std::to_string(message.size()) +
        " bytes is longer than the queue's max_message " +
        std::to_string(max_message()));
  }
  if (!TryPut(message, deadline)) {
    throw QueueFull(std::string(QueueBackendName(backend())) +
                    " queue is full: no slot freed up in time (" +
                    Counts(*this) + ")");
  }
}

std::size_t MessageQueue::Get(std::span<std::byte> out,
                              const Deadline& deadline) {
  if (out.size() < max_message()) {
    throw std::invalid_argument("get needs a buffer of max_message " +
                                std::to_string(max_message()) + " bytes, got " +
                                std::to_string(out.size()));
  }
  std::optional<std::size_t> got = TryGet(out, deadline);
  if (!got) {
    throw QueueEmpty(std::string(QueueBackendName(backend())) +
                     " queue is empty: no message came in time (" +
                     Counts(*this) + ")");
  }
  return *got;
}

std::unique_ptr<MessageQueue> MakeQueue(QueueBackend backend,
                                        QueueOptions options) {
  // 2^20 slots or bytes: far beyond any use here, and small enough that
  // maxsize x max_message cannot overflow a buffer-size computation.
  constexpr std::size_t kLimit = std::size_t{1} << 20;
  if (options.maxsize < 1 || options.maxsize > kLimit ||
      options.max_message < 1 || options.max_message > kLimit) {
    throw std::invalid_argument(
        "queue options out of range: maxsize and max_message must be 1.." +
        std::to_string(kLimit) + ", got maxsize " +
        std::to_string(options.maxsize) + ", max_message " +
        std::to_string(options.max_message));
  }
  using namespace queue_detail;
  switch (backend) {
    case QueueBackend::kPipe:
      return MakePipeQueue(options);
    case QueueBackend::kSocketPair:
      return MakeSocketPairQueue(options);
    case QueueBackend::kMqueue:
      return MakeMqueueQueue(options);
    case QueueBackend::kShmRing:
      return MakeShmRingQueue(options);
    case QueueBackend::kInProcess:
      return MakeInProcessQueue(options);
  }
  throw std::invalid_argument("unknown queue backend");
}

namespace queue_detail {

void ThrowErrno(const std::string& what) {
  throw std::system_error(errno, std::generic_category(), what);
}

bool WaitFd(int fd, short events, const Deadline& deadline) {
  for (;;) {
    pollfd p{fd, events, 0};
    int rc = poll(&p, 1, deadline.PollMillis());
    if (rc > 0) return true;
    if (rc < 0 && errno != EINTR) ThrowErrno("poll on a queue descriptor");
    if (deadline.Expired()) return false;
  }
}

std::string ReadProcLine(const char* path) {
  std::ifstream in(path);
  std::string line;
  return std::getline(in, line) ? line : "?";
}

SharedMemory::SharedMemory(std::size_t bytes) : bytes_(bytes) {
  data_ = mmap(nullptr, bytes, PROT_READ | PROT_WRITE,
               MAP_SHARED | MAP_ANONYMOUS, -1, 0);
  if (data_ == MAP_FAILED) ThrowErrno("mmap of shared queue state");
}

SharedMemory::~SharedMemory() { munmap(data_, bytes_); }

}  // namespace queue_detail
}  // namespace mt::workloads
