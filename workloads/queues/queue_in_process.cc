// The in-process backend: a ring of preallocated slots under one mutex with
// two condition variables (not full, not empty), the textbook bounded queue
// between threads. Its memory is private, so its peers must be threads.
#include <condition_variable>
#include <cstring>
#include <vector>

#include "workloads/base/mutex.h"
#include "workloads/base/thread_annotations.h"
#include "workloads/queues/queue_backends.h"

namespace mt::workloads::queue_detail {
namespace {

class InProcessQueue final : public MessageQueue {
 public:
  explicit InProcessQueue(QueueOptions o)
      : MessageQueue(o),
        storage_(o.maxsize * o.max_message),
        lengths_(o.maxsize) {}

  std::size_t Size() const override {
    LockGuard hold(mutex_);
    return count_;
  }
  QueueBackend backend() const override { return QueueBackend::kInProcess; }

 protected:
  bool TryPut(std::span<const std::byte> message,
              const Deadline& deadline) override {
    MutexLock hold(mutex_);
    if (!WaitFor(not_full_, hold, deadline,
                 [this]() REQUIRES(mutex_) { return count_ < maxsize(); })) {
      return false;
    }
    const std::size_t slot = (head_ + count_) % maxsize();
    lengths_[slot] = message.size();
    std::memcpy(&storage_[slot * max_message()], message.data(),
                message.size());
    ++count_;
    hold.Unlock();  // the woken reader should not find the lock still held
    not_empty_.notify_one();
    return true;
  }

  std::optional<std::size_t> TryGet(std::span<std::byte> out,
                                    const Deadline& deadline) override {
    MutexLock hold(mutex_);
    if (!WaitFor(not_empty_, hold, deadline,
                 [this]() REQUIRES(mutex_) { return count_ > 0; })) {
      return std::nullopt;
    }
    const std::size_t length = lengths_[head_];
    std::memcpy(out.data(), &storage_[head_ * max_message()], length);
    head_ = (head_ + 1) % maxsize();
    --count_;
    hold.Unlock();
    not_full_.notify_one();
    return length;
  }

 private:
  template <typename Ready>
  static bool WaitFor(std::condition_variable& cv, MutexLock& hold,
                      const Deadline& deadline, Ready ready) {
    if (deadline.forever()) {
      hold.Wait(cv, ready);
      return true;
    }
    return hold.WaitUntil(cv, deadline.at(), ready);
  }

  mutable Mutex mutex_;
  std::condition_variable not_full_;
  std::condition_variable not_empty_;
  // Slot i holds lengths_[i] bytes at i * max_message.
  std::vector<std::byte> storage_ GUARDED_BY(mutex_);
  std::vector<std::size_t> lengths_ GUARDED_BY(mutex_);
  std::size_t head_ GUARDED_BY(mutex_) = 0;   // oldest message
  std::size_t count_ GUARDED_BY(mutex_) = 0;  // messages held
};

}  // namespace

std::unique_ptr<MessageQueue> MakeInProcessQueue(QueueOptions options) {
  return std::make_unique<InProcessQueue>(options);
}

}  // namespace mt::workloads::queue_detail
