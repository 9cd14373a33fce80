// ForkChild/WaitChild, and the forked child runner: output, exit status,
// signals, the time limit.
#include "workloads/process/forked.h"

#include <gtest/gtest.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>

namespace mt::workloads {
namespace {

using namespace std::chrono_literals;

TEST(RunForkedTest, CollectsOutputAndExitCode) {
  ForkedResult r = RunForked(
      [](int fd) {
        WriteAll(fd, "hello ");
        WriteAll(fd, "parent");
        _exit(7);
      },
      30s);
  ASSERT_TRUE(r.started) << r.error;
  EXPECT_TRUE(r.exited);
  EXPECT_EQ(r.exit_code, 7);
  EXPECT_EQ(r.output, "hello parent");
}

TEST(RunForkedTest, ReturningBodyExitsZero) {
  ForkedResult r = RunForked([](int) {}, 30s);
  EXPECT_TRUE(r.exited);
  EXPECT_EQ(r.exit_code, 0);
}

TEST(RunForkedTest, ReportsTheSignalThatEndedTheChild) {
  ForkedResult r = RunForked(
      [](int fd) {
        WriteAll(fd, "before abort");
        std::abort();
      },
      30s);
  EXPECT_FALSE(r.exited);
  EXPECT_EQ(r.signal, SIGABRT);
  EXPECT_EQ(r.output, "before abort");
}

TEST(RunForkedTest, KillsAndReapsAChildPastItsLimit) {
  ForkedResult r = RunForked(
      [](int) {
        for (;;) pause();
      },
      100ms);
  EXPECT_TRUE(r.killed_at_limit);
  EXPECT_EQ(r.signal, SIGKILL);
}

TEST(ForkedChild, PassesTheExitStatusBack) {
  const pid_t pid = ForkChild([] { return 7; });
  ASSERT_GT(pid, 0);
  const int status = WaitChild(pid);
  ASSERT_TRUE(WIFEXITED(status));
  EXPECT_EQ(WEXITSTATUS(status), 7);
  EXPECT_EQ(WaitChild(pid), -1);  // reaped once
}

}  // namespace
}  // namespace mt::workloads
