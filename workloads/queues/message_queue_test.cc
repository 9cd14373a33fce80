// Every queue backend, one process: the seeds' Queue(3) example, FIFO order,
// time-outs (never early; late only by a generous sanity bound), clear errors.
// Peers in other processes: message_queue_peers_test.cc.
#include "workloads/queues/message_queue.h"

#include <gtest/gtest.h>

#include <chrono>
#include <string>
#include <system_error>
#include <vector>

#include "workloads/queues/queue_backends.h"

namespace mt::workloads {
namespace {

using std::chrono::milliseconds;
// The seeds wait 2 s for put("消息4", True, 2); 100 ms keeps the suite fast
// and exercises the same path.
constexpr auto kTimeout = milliseconds(100);
constexpr auto kSanity = std::chrono::seconds(20);  // only a hang fails this

class QueueTest : public ::testing::TestWithParam<QueueBackend> {
 protected:
  std::unique_ptr<MessageQueue> Make(std::size_t maxsize,
                                     std::size_t max_message = 64) {
    return MakeQueue(GetParam(), {maxsize, max_message});
  }
  std::string GetText(MessageQueue& q, const Deadline& d = Deadline::Never()) {
    std::vector<std::byte> buf(q.max_message());
    return MessageText(std::span(buf).first(q.Get(buf, d)));
  }
  std::vector<std::byte> buf_ = std::vector<std::byte>(64);
};

// q = Queue(3); put 消息1..3; full() flips; put with a time-out and
// put_nowait raise Full with qsize 3; the guarded put_nowait is skipped;
// get_nowait qsize() times returns the three in order.
TEST_P(QueueTest, SeedsQueueOfThreeBehavesAsDescribed) {
  auto q = Make(3);
  q->Put(AsMessage("消息1"));
  q->Put(AsMessage("消息2"));
  EXPECT_FALSE(q->Full());
  q->Put(AsMessage("消息3"));
  EXPECT_TRUE(q->Full());

  const auto start = Deadline::Clock::now();
  try {
    q->Put(AsMessage("消息4"), Deadline::In(kTimeout));
    ADD_FAILURE() << "put into a full Queue(3) did not raise Full";
  } catch (const QueueFull& full) {
    EXPECT_GE(Deadline::Clock::now() - start, kTimeout);
    EXPECT_NE(std::string(full.what()).find("qsize 3"), std::string::npos)
        << full.what();
  }
  EXPECT_THROW(q->PutNowait(AsMessage("消息4")), QueueFull);
  EXPECT_EQ(q->Size(), 3u);
  if (!q->Full()) q->PutNowait(AsMessage("消息4"));

  ASSERT_FALSE(q->Empty());
  std::vector<std::string> got;
  for (std::size_t i = 0, n = q->Size(); i < n; ++i) {
    got.push_back(MessageText(std::span(buf_).first(q->GetNowait(buf_))));
  }
  EXPECT_EQ(got, (std::vector<std::string>{"消息1", "消息2", "消息3"}));
  EXPECT_TRUE(q->Empty());
  EXPECT_THROW(q->GetNowait(buf_), QueueEmpty);
}

TEST_P(QueueTest, KeepsFifoOrderThroughManyWrapArounds) {
  auto q = Make(5);
  int next_in = 0, next_out = 0;
  // Uneven batches wrap the ring at every offset.
  for (int round = 0; round < 200; ++round) {
    for (int i = 0; i < 1 + round % 5; ++i) {
      q->Put(AsMessage(std::to_string(next_in++)));
    }
    while (!q->Empty()) EXPECT_EQ(GetText(*q), std::to_string(next_out++));
  }
  EXPECT_EQ(next_out, next_in);
}

TEST_P(QueueTest, CarriesEmptyAndLargestMessagesIntact) {
  auto q = Make(2, 4096);
  std::string big(4096, '\0');
  for (std::size_t i = 0; i < big.size(); ++i) big[i] = char(i * 31 % 251);
  q->Put(AsMessage(""));
  q->Put(AsMessage(big));
  EXPECT_EQ(GetText(*q), "");
  EXPECT_EQ(GetText(*q), big);
}

TEST_P(QueueTest, TimeOutsAreHonouredAndNowaitDoesNotWait) {
  auto q = Make(1);
  auto start = Deadline::Clock::now();
  EXPECT_THROW(q->Get(buf_, Deadline::In(kTimeout)), QueueEmpty);
  auto waited = Deadline::Clock::now() - start;
  EXPECT_GE(waited, kTimeout);
  EXPECT_LT(waited, kSanity);
  EXPECT_THROW(q->GetNowait(buf_), QueueEmpty);

  q->Put(AsMessage("x"));
  start = Deadline::Clock::now();
  EXPECT_THROW(q->Put(AsMessage("y"), Deadline::In(kTimeout)), QueueFull);
  waited = Deadline::Clock::now() - start;
  EXPECT_GE(waited, kTimeout);
  EXPECT_LT(waited, kSanity);
  EXPECT_THROW(q->PutNowait(AsMessage("y")), QueueFull);
  // A timed-out put leaves nothing behind.
  EXPECT_EQ(GetText(*q, Deadline::In(kTimeout)), "x");
  EXPECT_TRUE(q->Empty());
}

TEST_P(QueueTest, RejectsBadArgumentsWithClearErrors) {
  EXPECT_THROW(Make(0), std::invalid_argument);
  auto q = Make(1, 8);
  try {
    q->Put(AsMessage("nine byte"));
    ADD_FAILURE() << "an oversized message was accepted";
  } catch (const std::invalid_argument& e) {
    EXPECT_NE(std::string(e.what()).find("max_message 8"), std::string::npos)
        << e.what();
  }
  std::vector<std::byte> small(4);
  EXPECT_THROW(q->Get(small, Deadline::Now()), std::invalid_argument);
}

INSTANTIATE_TEST_SUITE_P(AllBackends, QueueTest,
                         ::testing::ValuesIn(kAllQueueBackends),
                         [](const auto& test) {
                           return std::string(QueueBackendName(test.param));
                         });

// Above msgsize_max an unprivileged mq_open fails: the error names the limit
// and how to raise it.
TEST(MqueueQueue, OversizedMessagesNameTheKernelLimit) {
  const std::string limit =
      queue_detail::ReadProcLine("/proc/sys/fs/mqueue/msgsize_max");
  const std::size_t too_big = std::stoul(limit) + 1;
  if (too_big > (std::size_t{1} << 20)) GTEST_SKIP() << "msgsize_max " << limit;
  try {
    MakeQueue(QueueBackend::kMqueue, {1, too_big});
    GTEST_SKIP() << "CAP_SYS_RESOURCE lifts msgsize_max for this process";
  } catch (const std::system_error& e) {
    EXPECT_NE(std::string(e.what()).find("msgsize_max = " + limit),
              std::string::npos)
        << e.what();
  }
}

}  // namespace
}  // namespace mt::workloads
