// Traffic for timing a queue: sequence-stamped messages, a producer that
// streams them and an echo that returns them, run by a Peer on the far side
// while the timed side checks each message it gets.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>

#include "workloads/queues/message_queue.h"

namespace mt::workloads {

// Thread safety: StampMessage and MessageIntact are pure; ProduceStamped and
// Echo run on one thread (or process) each, as a queue's other side.

// Writes `seq` into the first and the last 8 bytes of `message` (>= 8
// bytes), so a lost, repeated, reordered or torn message is caught without
// reading all of it.
void StampMessage(std::span<std::byte> message, std::int64_t seq);
// Whether `message` is `size` bytes long and stamped `seq` at both ends.
bool MessageIntact(std::span<const std::byte> message, std::size_t size,
                   std::int64_t seq);

// Puts `count` messages stamped 0, 1, ... using `buffer` (their size).
// Returns 0, as a Peer body. Blocking calls only: safe in a forked child.
int ProduceStamped(MessageQueue& to, std::int64_t count,
                   std::span<std::byte> buffer);
// Gets `count` messages from `from` and puts each back on `to` unchanged,
// using `buffer` (max_message bytes). Returns 0, as a Peer body.
int Echo(MessageQueue& from, MessageQueue& to, std::int64_t count,
         std::span<std::byte> buffer);

}  // namespace mt::workloads
