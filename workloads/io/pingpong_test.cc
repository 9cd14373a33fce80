// Ping-pong: every round trip is answered exactly once, the partner (thread
// or process) calls the start hook on itself, and the partner process is
// reaped also when it was killed.
#include "workloads/io/pingpong.h"

#include <errno.h>
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <unistd.h>

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
    ThreadPingPong pp(GetParam(), [&](int worker, int workers) {
      EXPECT_EQ(worker, 0);
      EXPECT_EQ(workers, 1);
      partner_id = std::this_thread::get_id();
    });
    for (int i = 0; i < 2000; ++i) {
      pp.RoundTrip();
      ASSERT_EQ(pp.answered(), static_cast<std::uint64_t>(i + 1));
    }
  }
  // The hook ran on the partner thread (joined: its write is visible).
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
  void* page = mmap(nullptr, 4096, PROT_READ | PROT_WRITE,
                    MAP_SHARED | MAP_ANONYMOUS, -1, 0);
  ASSERT_NE(page, MAP_FAILED);
  auto* hooked_in = static_cast<pid_t*>(page);
  {
    PipePingPong pp([hooked_in](int, int) { *hooked_in = getpid(); });
    EXPECT_GT(pp.partner(), 0);
    for (int i = 0; i < 2000; ++i) pp.RoundTrip();
    // The partner answered, so it ran the hook first, in its own process.
    EXPECT_EQ(*hooked_in, pp.partner());
  }
  munmap(page, 4096);
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
