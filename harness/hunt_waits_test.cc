// Tests for reading /proc task lines and classifying a thread's wait.
#include "harness/hunt_waits.h"

#include <gtest/gtest.h>
#include <linux/futex.h>
#include <sys/syscall.h>

namespace mt::harness {
namespace {

SyscallState Call(long nr, std::array<unsigned long long, 6> args) {
  SyscallState s;
  s.nr = nr;
  s.args = args;
  return s;
}

TEST(ParseTaskStat, CommWithSpacesAndParentheses) {
  TaskStat s;
  ASSERT_TRUE(ParseTaskStat(
      "42 (a (b) c) S 1 42 42 0 -1 4194304 10 0 0 0 7 3 0 0 20 0 1 0", &s));
  EXPECT_EQ(s.state, 'S');
  EXPECT_EQ(s.cpu_ticks, 10);
  EXPECT_FALSE(ParseTaskStat("", &s));
  EXPECT_FALSE(ParseTaskStat("42 (x) S 1", &s));
}

TEST(ParseSyscall, RunningOutsideAndInside) {
  SyscallState s;
  ASSERT_TRUE(ParseSyscall("running\n", &s));
  EXPECT_TRUE(s.running);
  ASSERT_TRUE(ParseSyscall("-1 0x7ffc 0x7f00\n", &s));
  EXPECT_EQ(s.nr, -1);
  EXPECT_EQ(ClassifyWait(s), Wait::kNone);
  ASSERT_TRUE(
      ParseSyscall("202 0x7f 0x80 0x2 0x0 0x0 0x0 0x7ffc 0x7f91\n", &s));
  EXPECT_EQ(s.nr, 202);
  EXPECT_EQ(s.args[1], 0x80u);
  EXPECT_EQ(s.pc, 0x7f91u);
  EXPECT_FALSE(ParseSyscall("202 0x1\n", &s));
  EXPECT_FALSE(ParseSyscall("", &s));
}

TEST(ClassifyWait, TimeOutsMakeWaitsTimed) {
  EXPECT_EQ(ClassifyWait(Call(SYS_futex, {0, FUTEX_WAIT_PRIVATE, 2, 0})),
            Wait::kUntimed);
  EXPECT_EQ(ClassifyWait(Call(
                SYS_futex, {0, FUTEX_WAIT_BITSET_PRIVATE, 0, 0x7f00, 0, ~0u})),
            Wait::kTimed);
  EXPECT_EQ(ClassifyWait(Call(SYS_futex, {0, FUTEX_WAKE_PRIVATE, 1})),
            Wait::kNone);
  EXPECT_EQ(ClassifyWait(Call(SYS_read, {3, 0x7f, 10})), Wait::kUntimed);
  EXPECT_EQ(ClassifyWait(Call(SYS_nanosleep, {0x7f, 0})), Wait::kTimed);
#ifdef SYS_poll
  EXPECT_EQ(ClassifyWait(Call(SYS_poll, {0x7f, 1, 0xffffffff})),
            Wait::kUntimed);
  EXPECT_EQ(ClassifyWait(Call(SYS_poll, {0x7f, 1, 100})), Wait::kTimed);
#endif
  EXPECT_EQ(ClassifyWait(Call(SYS_epoll_pwait, {4, 0x7f, 8, 0xffffffff})),
            Wait::kUntimed);
  EXPECT_EQ(ClassifyWait(Call(SYS_ppoll, {0x7f, 1, 0})), Wait::kUntimed);
  EXPECT_EQ(ClassifyWait(Call(SYS_getpid, {})), Wait::kNone);
  EXPECT_EQ(SyscallName(SYS_futex), "futex");
}

}  // namespace
}  // namespace mt::harness
