// Stamps catch every kind of damage; the producer and the echo deliver
// exactly what the timed side expects.
#include "workloads/queues/queue_traffic.h"

#include <gtest/gtest.h>

#include <vector>

#include "workloads/process/peer.h"

namespace mt::workloads {
namespace {

TEST(StampMessage, CatchesWrongSequenceSizeAndTornMessages) {
  std::vector<std::byte> msg(64);
  StampMessage(msg, 7);
  EXPECT_TRUE(MessageIntact(msg, 64, 7));
  EXPECT_FALSE(MessageIntact(msg, 64, 8));                       // reordered
  EXPECT_FALSE(MessageIntact(std::span(msg).first(56), 64, 7));  // truncated
  std::vector<std::byte> torn = msg;
  StampMessage(std::span(torn).last(8), 6);  // tail from another message
  EXPECT_FALSE(MessageIntact(torn, 64, 7));
}

TEST(QueueTraffic, EchoReturnsTheProducersStreamInOrder) {
  constexpr std::int64_t kCount = 500;
  auto there = MakeQueue(QueueBackend::kShmRing, {4, 32});
  auto back = MakeQueue(QueueBackend::kShmRing, {4, 32});
  std::vector<std::byte> produce(32), echo(32), got(32);
  Peer producer(Peer::Kind::kProcess,
                [&] { return ProduceStamped(*there, kCount, produce); });
  Peer echoer(Peer::Kind::kThread,
              [&] { return Echo(*there, *back, kCount, echo); });
  for (std::int64_t seq = 0; seq < kCount; ++seq) {
    ASSERT_TRUE(MessageIntact(std::span(got).first(back->Get(got)), 32, seq));
  }
  EXPECT_EQ(producer.Wait(), 0);
  EXPECT_EQ(echoer.Wait(), 0);
}

}  // namespace
}  // namespace mt::workloads
