// Ping-pong: every round trip is answered exactly once, the partner thread
// serves inside its scope, and the partner process is reaped also when it was
// killed.
#include "workloads/io/pingpong.h"

#include <errno.h>
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/wait.h>

#include <stdexcept>

namespace mt::workloads {
namespace {

bool NoChildren() {
  return waitpid(-1, nullptr, WNOHANG) == -1 && errno == ECHILD;
}

class ThreadPingPongTest
    : public ::testing::TestWithParam<ThreadPingPong::Kind> {};

TEST_P(ThreadPingPongTest, EveryRoundTripIsAnsweredOnce) {
  std::thread::id partner_id;
  {
    ThreadPingPong pp(GetParam(), [&](const std::function<void()>& serve) {
      partner_id = std::this_thread::get_id();
      serve();
    });
    for (int i = 0; i < 2000; ++i) {
      pp.RoundTrip();
      ASSERT_EQ(pp.answered(), static_cast<std::uint64_t>(i + 1));
    }
  }
  // The scope ran on the partner thread (joined: its write is visible).
  EXPECT_NE(partner_id, std::thread::id());
  EXPECT_NE(partner_id, std::this_thread::get_id());
}

TEST_P(ThreadPingPongTest, StopsWithoutAnyRoundTrip) {
  ThreadPingPong pp(GetParam());
  EXPECT_EQ(pp.answered(), 0u);
}

INSTANTIATE_TEST_SUITE_P(Kinds, ThreadPingPongTest,
                         ::testing::Values(ThreadPingPong::Kind::kFutex,
                                           ThreadPingPong::Kind::kCondVar));

TEST(PipePingPong, RoundTripsThenPartnerIsReaped) {
  {
    PipePingPong pp;
    EXPECT_GT(pp.partner(), 0);
    for (int i = 0; i < 2000; ++i) pp.RoundTrip();
  }
  EXPECT_TRUE(NoChildren());
}

TEST(PipePingPong, KilledPartnerThrowsInsteadOfSigpipe) {
  {
    PipePingPong pp;
    pp.RoundTrip();
    ASSERT_EQ(kill(pp.partner(), SIGKILL), 0);
    // Whether the write or the read notices first, the round trip fails.
    EXPECT_THROW(
        {
          for (int i = 0; i < 100000; ++i) pp.RoundTrip();
        },
        std::runtime_error);
  }
  EXPECT_TRUE(NoChildren());
}

TEST(PipeLoopback, ByteComesBack) {
  PipeLoopback loop;
  for (int i = 0; i < 1000; ++i) loop.RoundTrip();
}

}  // namespace
}  // namespace mt::workloads
