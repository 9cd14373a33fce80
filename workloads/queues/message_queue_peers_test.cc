// Every queue backend between peers: child processes (threads for the
// in-process queue). The seeds' writer/reader pair keeps FIFO order; several
// producers and consumers lose and duplicate nothing (count, sum and a
// per-message tally); a blocked put or get wakes when the other side acts.
#include <gtest/gtest.h>

#include <atomic>
#include <cstdint>
#include <cstring>
#include <string>
#include <vector>

#include "workloads/process/peer.h"
#include "workloads/queues/message_queue.h"
#include "workloads/queues/queue_backends.h"

namespace mt::workloads {
namespace {

constexpr auto kSanity = std::chrono::seconds(30);  // only a hang fails this

Peer::Kind PeerKind(const MessageQueue& q) {
  return q.crosses_processes() ? Peer::Kind::kProcess : Peer::Kind::kThread;
}

// A message: its id, then filler bytes derived from it, checked on receipt.
void Stamp(std::vector<std::byte>& msg, std::uint64_t id) {
  std::memcpy(msg.data(), &id, sizeof id);
  for (std::size_t i = sizeof id; i < msg.size(); ++i) {
    msg[i] = std::byte(static_cast<unsigned char>(id + i));
  }
}
bool Intact(std::span<const std::byte> msg, std::uint64_t* id) {
  std::memcpy(id, msg.data(), sizeof *id);
  for (std::size_t i = sizeof *id; i < msg.size(); ++i) {
    if (msg[i] != std::byte(static_cast<unsigned char>(*id + i))) return false;
  }
  return true;
}

class QueuePeersTest : public ::testing::TestWithParam<QueueBackend> {};

// The seeds' write(q)/read(q) processes, with messages of every length up to
// 4 KiB (mqueue's default msgsize_max is 8 KiB).
TEST_P(QueuePeersTest, WriterProcessToReaderKeepsOrderAndContent) {
  constexpr int kMessages = 3000;
  constexpr std::size_t kMax = 4096;
  auto q = MakeQueue(GetParam(), {4, kMax});
  Peer writer(PeerKind(*q), [&q] {
    std::vector<std::byte> msg(kMax);
    for (int i = 0; i < kMessages; ++i) {
      msg.resize(8 + std::size_t(i) * 7 % (kMax - 7));
      Stamp(msg, std::uint64_t(i));
      q->Put(msg);
    }
    return 0;
  });
  std::vector<std::byte> buf(kMax);
  for (int i = 0; i < kMessages; ++i) {
    std::size_t n = q->Get(buf, Deadline::In(kSanity));
    std::uint64_t id = 0;
    ASSERT_TRUE(Intact(std::span(buf).first(n), &id)) << "message " << i;
    ASSERT_EQ(id, std::uint64_t(i));
    ASSERT_EQ(n, 8 + std::size_t(i) * 7 % (kMax - 7));
  }
  EXPECT_EQ(writer.Wait(), 0);
  EXPECT_TRUE(q->Empty());
}

// Tallies in shared memory, written by consumer processes.
struct Tally {
  std::atomic<std::uint64_t> count{0}, sum{0}, order_errors{0};
};

TEST_P(QueuePeersTest, ManyProducersAndConsumersLoseAndDuplicateNothing) {
  constexpr int kProducers = 3, kConsumers = 2, kEach = 2000;
  constexpr std::size_t kMessage = 24;
  auto q = MakeQueue(GetParam(), {6, kMessage});
  queue_detail::Shared<Tally> tally;
  queue_detail::SharedMemory seen_memory(sizeof(std::uint32_t) * kProducers *
                                         kEach);
  // Zero-filled by mmap; counted through atomic_ref by every consumer.
  auto* seen = static_cast<std::uint32_t*>(seen_memory.data());

  auto consume = [&] {
    std::vector<std::byte> buf(kMessage);
    std::uint64_t last[kProducers] = {0, 0, 0};  // next expected + 1
    for (;;) {
      std::size_t n = q->Get(buf, Deadline::In(kSanity));
      if (n == 0) return 0;  // the end marker
      std::uint64_t id = 0;
      if (!Intact(std::span(buf).first(n), &id)) return 1;
      const std::uint64_t producer = id / kEach, seq = id % kEach;
      // FIFO: each consumer sees each producer's messages in order.
      if (seq + 1 <= last[producer]) tally->order_errors.fetch_add(1);
      last[producer] = seq + 1;
      std::atomic_ref<std::uint32_t>(seen[id]).fetch_add(1);
      tally->count.fetch_add(1);
      tally->sum.fetch_add(id);
    }
  };
  std::vector<std::unique_ptr<Peer>> consumers, producers;
  for (int c = 0; c < kConsumers; ++c) {
    consumers.push_back(std::make_unique<Peer>(PeerKind(*q), consume));
  }
  for (int p = 0; p < kProducers; ++p) {
    producers.push_back(std::make_unique<Peer>(PeerKind(*q), [&q, p] {
      std::vector<std::byte> msg(kMessage);
      for (int i = 0; i < kEach; ++i) {
        Stamp(msg, std::uint64_t(p) * kEach + std::uint64_t(i));
        q->Put(msg, Deadline::In(kSanity));
      }
      return 0;
    }));
  }
  for (auto& p : producers) EXPECT_EQ(p->Wait(), 0);
  for (int c = 0; c < kConsumers; ++c) q->Put({});
  for (auto& c : consumers) EXPECT_EQ(c->Wait(), 0);

  constexpr std::uint64_t kTotal = std::uint64_t(kProducers) * kEach;
  EXPECT_EQ(tally->count.load(), kTotal);
  EXPECT_EQ(tally->sum.load(), kTotal * (kTotal - 1) / 2);
  EXPECT_EQ(tally->order_errors.load(), 0u);
  std::uint64_t wrong = 0;
  for (std::uint64_t id = 0; id < kTotal; ++id) wrong += seen[id] != 1;
  EXPECT_EQ(wrong, 0u) << "messages lost or duplicated";
}

// The peer sleeps in a blocking get (or put on a full queue) until this
// side acts; whichever happens first, it must come back with the message.
TEST_P(QueuePeersTest, BlockedGetAndPutWakeWhenTheOtherSideActs) {
  auto q = MakeQueue(GetParam(), {1, 16});
  Peer getter(PeerKind(*q), [&q] {
    std::vector<std::byte> buf(16);
    std::size_t n = q->Get(buf);
    return MessageText(std::span(buf).first(n)) == "wake" ? 0 : 1;
  });
  q->Put(AsMessage("wake"));
  EXPECT_EQ(getter.Wait(), 0);

  q->Put(AsMessage("first"));
  Peer putter(PeerKind(*q), [&q] {
    q->Put(AsMessage("second"), Deadline::In(kSanity));
    return 0;
  });
  std::vector<std::byte> buf(16);
  EXPECT_EQ(MessageText(std::span(buf).first(q->Get(buf))), "first");
  EXPECT_EQ(
      MessageText(std::span(buf).first(q->Get(buf, Deadline::In(kSanity)))),
      "second");
  EXPECT_EQ(putter.Wait(), 0);
}

INSTANTIATE_TEST_SUITE_P(AllBackends, QueuePeersTest,
                         ::testing::ValuesIn(kAllQueueBackends),
                         [](const auto& test) {
                           return std::string(QueueBackendName(test.param));
                         });

}  // namespace
}  // namespace mt::workloads
