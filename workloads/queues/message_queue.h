// A bounded message queue with the seeds' multiprocessing.Queue semantics
// (maxsize; put/get blocking, with a time-out, or not at all; Full and Empty
// as errors; qsize/empty/full), over five backends: a pipe, a Unix socket
// pair, a POSIX message queue, a shared-memory ring with futex wake-ups, and
// an in-process mutex + condition-variable queue.
#pragma once

#include <cstddef>
#include <memory>
#include <optional>
#include <span>
#include <stdexcept>
#include <string>
#include <string_view>

#include "workloads/base/deadline.h"

namespace mt::workloads {

enum class QueueBackend { kPipe, kSocketPair, kMqueue, kShmRing, kInProcess };
inline constexpr QueueBackend kAllQueueBackends[] = {
    QueueBackend::kPipe, QueueBackend::kSocketPair, QueueBackend::kMqueue,
    QueueBackend::kShmRing, QueueBackend::kInProcess};
// "pipe", "socketpair", "mqueue", "shm_ring", "in_process".
std::string_view QueueBackendName(QueueBackend backend);

struct QueueOptions {
  std::size_t maxsize = 1;      // messages the queue holds (>= 1)
  std::size_t max_message = 1;  // bytes in the largest message (>= 1)
};

// Python's queue.Full: put() found no free slot by its deadline.
class QueueFull : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};
// Python's queue.Empty: get() found no message by its deadline.
class QueueEmpty : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// Thread safety: Put/Get/Size from any number of threads, and, for backends
// where crosses_processes() is true, from any process forked after the
// queue was made (the child uses its inherited copy and must leave with
// _exit, so that only the creator's copy tears the queue down, after the
// others are gone). A process killed inside Put or Get may leave the queue
// locked; queues here trust their peers as multiprocessing.Queue does.
class MessageQueue {
 public:
  virtual ~MessageQueue() = default;
  MessageQueue(const MessageQueue&) = delete;
  MessageQueue& operator=(const MessageQueue&) = delete;

  // put(item, block, timeout): waits for a free slot until `deadline`
  // (Deadline::Never() blocks, Deadline::Now() does not wait), then appends
  // `message`. Throws QueueFull, or std::invalid_argument when the message
  // is longer than max_message().
  void Put(std::span<const std::byte> message,
           const Deadline& deadline = Deadline::Never());
  void PutNowait(std::span<const std::byte> message) {
    Put(message, Deadline::Now());
  }
  // get(block, timeout): removes the oldest message into `out` and returns
  // its length. `out` must hold max_message() bytes (else
  // std::invalid_argument). Throws QueueEmpty when none came by `deadline`.
  std::size_t Get(std::span<std::byte> out,
                  const Deadline& deadline = Deadline::Never());
  std::size_t GetNowait(std::span<std::byte> out) {
    return Get(out, Deadline::Now());
  }

  // qsize(), empty(), full(): snapshots, stale as soon as another thread or
  // process acts, exactly as in Python. A message being put or got counts.
  virtual std::size_t Size() const = 0;
  bool Empty() const { return Size() == 0; }
  bool Full() const { return Size() >= options_.maxsize; }

  std::size_t maxsize() const { return options_.maxsize; }
  std::size_t max_message() const { return options_.max_message; }
  virtual QueueBackend backend() const = 0;
  // False for the in-process queue: its peers must be threads.
  bool crosses_processes() const {
    return backend() != QueueBackend::kInProcess;
  }

 protected:
  explicit MessageQueue(QueueOptions options) : options_(options) {}
  // The backends: false (or nullopt) when the deadline passed first.
  virtual bool TryPut(std::span<const std::byte> message,
                      const Deadline& deadline) = 0;
  virtual std::optional<std::size_t> TryGet(std::span<std::byte> out,
                                            const Deadline& deadline) = 0;

 private:
  QueueOptions options_;
};

// Makes a queue. Throws std::invalid_argument for options out of range and
// std::system_error when the kernel refuses (e.g. a POSIX message queue
// longer than /proc/sys/fs/mqueue/msgsize_max); what() says which limit and
// how to raise it.
std::unique_ptr<MessageQueue> MakeQueue(QueueBackend backend,
                                        QueueOptions options);

// Views a string as a message and back, for tests and examples.
inline std::span<const std::byte> AsMessage(std::string_view text) {
  return std::as_bytes(std::span(text.data(), text.size()));
}
inline std::string MessageText(std::span<const std::byte> bytes) {
  return std::string(reinterpret_cast<const char*>(bytes.data()), bytes.size());
}

}  // namespace mt::workloads
