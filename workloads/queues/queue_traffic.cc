// Stamped messages, a producer and an echo for queue benchmarks and tests.
#include "workloads/queues/queue_traffic.h"

#include <cstring>

namespace mt::workloads {

void StampMessage(std::span<std::byte> message, std::int64_t seq) {
  std::memcpy(message.data(), &seq, sizeof seq);
  std::memcpy(message.data() + message.size() - sizeof seq, &seq, sizeof seq);
}

bool MessageIntact(std::span<const std::byte> message, std::size_t size,
                   std::int64_t seq) {
  if (message.size() != size || size < sizeof seq) return false;
  std::int64_t head = -1, tail = -1;
  std::memcpy(&head, message.data(), sizeof head);
  std::memcpy(&tail, message.data() + size - sizeof tail, sizeof tail);
  return head == seq && tail == seq;
}

int ProduceStamped(MessageQueue& to, std::int64_t count,
                   std::span<std::byte> buffer) {
  for (std::int64_t seq = 0; seq < count; ++seq) {
    StampMessage(buffer, seq);
    to.Put(buffer);
  }
  return 0;
}

int Echo(MessageQueue& from, MessageQueue& to, std::int64_t count,
         std::span<std::byte> buffer) {
  for (std::int64_t i = 0; i < count; ++i)
    to.Put(buffer.first(from.Get(buffer)));
  return 0;
}

}  // namespace mt::workloads
