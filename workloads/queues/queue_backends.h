// Internal to message_queue: the backends behind MakeQueue(), one file each,
// and the shared-memory and error helpers they have in common.
#pragma once

#include <cstddef>
#include <memory>
#include <new>
#include <string>
#include <utility>

#include "workloads/queues/message_queue.h"

namespace mt::workloads::queue_detail {

std::unique_ptr<MessageQueue> MakePipeQueue(QueueOptions options);
std::unique_ptr<MessageQueue> MakeSocketPairQueue(QueueOptions options);
std::unique_ptr<MessageQueue> MakeMqueueQueue(QueueOptions options);
std::unique_ptr<MessageQueue> MakeShmRingQueue(QueueOptions options);
std::unique_ptr<MessageQueue> MakeInProcessQueue(QueueOptions options);

// Throws std::system_error for errno with `what` (which call, which limit).
[[noreturn]] void ThrowErrno(const std::string& what);
// Waits until `fd` is ready for `events` (POLLIN, POLLOUT) or `deadline`
// passes; false when the deadline passed first.
bool WaitFd(int fd, short events, const Deadline& deadline);
// The first line of a /proc file, for error messages ("?" if unreadable).
std::string ReadProcLine(const char* path);

// Anonymous MAP_SHARED memory: a forked child sees the same pages, so state
// placed here (counts, locks, a ring) is shared between the processes.
// Thread safety: the mapping is fixed for its lifetime; what lives in it
// brings its own synchronisation.
class SharedMemory {
 public:
  explicit SharedMemory(std::size_t bytes);
  ~SharedMemory();
  SharedMemory(const SharedMemory&) = delete;
  SharedMemory& operator=(const SharedMemory&) = delete;
  void* data() const { return data_; }

 private:
  void* data_;
  std::size_t bytes_;
};

// One object of type T constructed in its own shared mapping.
template <typename T>
class Shared {
 public:
  template <typename... Args>
  explicit Shared(Args&&... args) : memory_(sizeof(T)) {
    object_ = new (memory_.data()) T(std::forward<Args>(args)...);
  }
  ~Shared() { object_->~T(); }
  T* operator->() const { return object_; }

 private:
  SharedMemory memory_;
  T* object_;
};

}  // namespace mt::workloads::queue_detail
