// The shared-memory ring backend: messages are copied once into a ring in
// MAP_SHARED memory and once out; no system call unless a side must sleep
// (futex). Semaphores count free slots and ready messages (so put/get can
// time out before committing); a ticket per operation and a sequence number
// per slot (Vyukov's bounded queue) order several writers and readers.
#include <climits>
#include <cstdint>
#include <cstring>
#include <new>

#include "workloads/base/cache_line.h"
#include "workloads/locks/futex.h"
#include "workloads/queues/queue_backends.h"

#if defined(__x86_64__) || defined(__i386__)
#include <immintrin.h>
#define MT_CPU_RELAX() _mm_pause()
#else
#define MT_CPU_RELAX() ((void)0)
#endif

namespace mt::workloads::queue_detail {
namespace {

// Waits for a slot's sequence number are rare (an operation overtook one
// still copying into or out of the same slot) and short: spin this long
// before sleeping.
constexpr int kSlotSpins = 128;

struct Header {
  explicit Header(std::uint32_t maxsize) : free_slots(maxsize) {}
  alignas(kCacheLine) FutexSemaphore free_slots;
  alignas(kCacheLine) FutexSemaphore ready{0};
  // Tickets: position of the next put and get. 32 bits wrap harmlessly
  // because the ring's size is a power of two.
  alignas(kCacheLine) std::atomic<std::uint32_t> put_ticket{0};
  alignas(kCacheLine) std::atomic<std::uint32_t> get_ticket{0};
  alignas(kCacheLine) std::atomic<std::uint32_t> slot_waiters{0};
};

struct Slot {
  // == ticket when free for the put holding that ticket, ticket + 1 when
  // holding its message. A futex word.
  std::atomic<std::uint32_t> sequence;
  std::uint32_t length;
  // max_message bytes of message follow the slot header.
  std::byte* data() { return reinterpret_cast<std::byte*>(this + 1); }
};

std::uint32_t RingSize(std::size_t maxsize) {
  std::uint32_t n = 1;
  while (n < maxsize) n <<= 1;
  return n;
}

class ShmRingQueue final : public MessageQueue {
 public:
  explicit ShmRingQueue(QueueOptions o)
      : MessageQueue(o),
        ring_size_(RingSize(o.maxsize)),
        stride_((sizeof(Slot) + o.max_message + kCacheLine - 1) / kCacheLine *
                kCacheLine),
        memory_(sizeof(Header) + ring_size_ * stride_) {
    header_ =
        new (memory_.data()) Header(static_cast<std::uint32_t>(o.maxsize));
    for (std::uint32_t i = 0; i < ring_size_; ++i) {
      new (SlotAt(i)) Slot{{i}, 0};
    }
  }
  ~ShmRingQueue() override { header_->~Header(); }

  std::size_t Size() const override {
    return maxsize() - header_->free_slots.Value();
  }
  QueueBackend backend() const override { return QueueBackend::kShmRing; }

 protected:
  bool TryPut(std::span<const std::byte> message,
              const Deadline& deadline) override {
    if (!header_->free_slots.Acquire(deadline)) return false;
    const std::uint32_t ticket =
        header_->put_ticket.fetch_add(1, std::memory_order_relaxed);
    Slot* slot = SlotAt(ticket);
    AwaitSequence(slot, ticket);
    slot->length = static_cast<std::uint32_t>(message.size());
    std::memcpy(slot->data(), message.data(), message.size());
    Publish(slot, ticket + 1);
    header_->ready.Release();
    return true;
  }

  std::optional<std::size_t> TryGet(std::span<std::byte> out,
                                    const Deadline& deadline) override {
    if (!header_->ready.Acquire(deadline)) return std::nullopt;
    const std::uint32_t ticket =
        header_->get_ticket.fetch_add(1, std::memory_order_relaxed);
    Slot* slot = SlotAt(ticket);
    AwaitSequence(slot, ticket + 1);
    const std::size_t length = slot->length;
    std::memcpy(out.data(), slot->data(), length);
    Publish(slot, ticket + ring_size_);
    header_->free_slots.Release();
    return length;
  }

 private:
  Slot* SlotAt(std::uint32_t ticket) const {
    auto* base = static_cast<std::byte*>(memory_.data()) + sizeof(Header);
    return reinterpret_cast<Slot*>(base +
                                   (ticket & (ring_size_ - 1)) * stride_);
  }

  // Memory ordering: acquire, pairing with Publish's store, so the message
  // (or the emptied slot) is seen whole.
  void AwaitSequence(Slot* slot, std::uint32_t want) {
    for (int i = 0; i < kSlotSpins; ++i) {
      if (slot->sequence.load(std::memory_order_acquire) == want) return;
      MT_CPU_RELAX();
    }
    // seq_cst with Publish: it sees this waiter or we see its store.
    header_->slot_waiters.fetch_add(1, std::memory_order_seq_cst);
    for (;;) {
      std::uint32_t seen = slot->sequence.load(std::memory_order_seq_cst);
      if (seen == want) break;
      FutexWait(&slot->sequence, seen, Deadline::Never());
    }
    header_->slot_waiters.fetch_sub(1, std::memory_order_relaxed);
  }

  void Publish(Slot* slot, std::uint32_t sequence) {
    slot->sequence.store(sequence, std::memory_order_seq_cst);
    if (header_->slot_waiters.load(std::memory_order_seq_cst) > 0) {
      FutexWake(&slot->sequence, INT_MAX);
    }
  }

  const std::uint32_t ring_size_;
  const std::size_t stride_;
  SharedMemory memory_;
  Header* header_;
};

}  // namespace

std::unique_ptr<MessageQueue> MakeShmRingQueue(QueueOptions options) {
  return std::make_unique<ShmRingQueue>(options);
}

}  // namespace mt::workloads::queue_detail
