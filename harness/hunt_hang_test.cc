// Tests for judging a process tree hung, on /proc lines recorded from a
// deadlocked and a sleeping program (harness/testdata/hunt/record.sh) and
// on hand-made ones.
#include "harness/hunt_hang.h"

#include <gtest/gtest.h>
#include <linux/futex.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <csignal>
#include <sstream>
#include <thread>

#include "harness/tsan_report_testing.h"
#include "workloads/process/forked.h"

namespace mt::harness {
namespace {

// The recorded tasks: "STAT | SYSCALL" a line, and the process's libc maps.
std::vector<TaskView> Tasks(const std::string& name) {
  const std::string maps = Recorded("hunt/" + name + ".maps.txt");
  std::vector<TaskView> out;
  std::istringstream in(Recorded("hunt/" + name + ".txt"));
  for (std::string line; std::getline(in, line);) {
    const size_t bar = line.find(" | ");
    TaskView v;
    EXPECT_TRUE(ParseTaskStat(line.substr(0, bar), &v.stat)) << line;
    v.call_sampled = ParseSyscall(line.substr(bar + 3), &v.call);
    v.call_in_libc = InLibcMapping(maps, v.call.pc);
    out.push_back(v);
  }
  return out;
}

TEST(JudgeTasks, DeadlockedProgramWaitsWithoutTimeOut) {
  // Two threads on each other's mutex, main in join, TSan's background
  // thread in its own 100 ms sleep (left out).
  std::vector<TaskView> tasks = Tasks("proc-deadlock");
  ASSERT_EQ(tasks.size(), 4u);
  TreeState t = JudgeTasks(tasks);
  EXPECT_TRUE(t.all_untimed);
  EXPECT_EQ(t.waits, (std::map<std::string, int>{{"futex", 3}}));
}

TEST(JudgeTasks, SleepingProgramIsNotHung) {
  // main in join (untimed), one thread in clock_nanosleep, one in a timed
  // condition-variable wait: progress is coming.
  TreeState t = JudgeTasks(Tasks("proc-sleep"));
  EXPECT_FALSE(t.all_untimed);
  EXPECT_TRUE(t.waits.empty());
}

TEST(JudgeTasks, RunningThreadOrNoThreadIsNotHung) {
  TaskView waiting, running;
  waiting.stat = {'S', 5};
  waiting.call.nr = SYS_futex;
  waiting.call.args = {0, FUTEX_WAIT_PRIVATE, 2, 0, 0, 0};
  waiting.call_sampled = true;
  running.stat = {'R', 9};
  running.call.running = true;
  running.call_sampled = true;
  EXPECT_TRUE(JudgeTasks({waiting}).all_untimed);
  EXPECT_EQ(JudgeTasks({waiting}).cpu_ticks, 5);
  EXPECT_FALSE(JudgeTasks({waiting, running}).all_untimed);
  EXPECT_FALSE(JudgeTasks({}).all_untimed);
  TaskView zombie;
  zombie.stat = {'Z', 0};
  EXPECT_TRUE(JudgeTasks({waiting, zombie}).all_untimed);
}

TEST(InLibcMapping, ExecutableLibcRangesOnly) {
  const std::string maps =
      "7f00-7f10 r--p 0 fe:00 1 /usr/lib/x86_64-linux-gnu/libc.so.6\n"
      "7f10-7f20 r-xp 0 fe:00 1 /usr/lib/x86_64-linux-gnu/libc.so.6\n"
      "5500-5600 r-xp 0 fe:00 2 /tmp/prog\n";
  EXPECT_TRUE(InLibcMapping(maps, 0x7f18));
  EXPECT_FALSE(InLibcMapping(maps, 0x7f08));
  EXPECT_FALSE(InLibcMapping(maps, 0x5580));
}

// Samples a forked child running `body` for up to `seconds` with a quiet
// period of 0.3 s; whether it was called hung.
bool CalledHung(const std::function<int()>& body, double seconds) {
  const pid_t pid = workloads::ForkChild(body);
  EXPECT_GT(pid, 0);
  HangWatch watch(pid, 0.3);
  const auto end = HangWatch::Clock::now() +
                   std::chrono::duration_cast<HangWatch::Clock::duration>(
                       std::chrono::duration<double>(seconds));
  bool hung = false;
  while (!hung && HangWatch::Clock::now() < end) {
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
    hung = watch.Sample(HangWatch::Clock::now());
  }
  kill(pid, SIGKILL);
  workloads::WaitChild(pid);
  if (hung) {
    EXPECT_NE(watch.Describe().find("without a time-out"), std::string::npos);
  }
  return hung;
}

TEST(HangWatch, ABlockedReadIsAHang) {
  // The child holds the pipe's write end itself: the read never returns.
  EXPECT_TRUE(CalledHung(
      [] {
        int fds[2];
        char c;
        return pipe(fds) == 0 && read(fds[0], &c, 1) == 1 ? 0 : 1;
      },
      10));
}

TEST(HangWatch, ASleeperIsNot) {
  EXPECT_FALSE(CalledHung(
      [] {
        for (;;) usleep(20000);
        return 0;
      },
      1.5));
}

}  // namespace
}  // namespace mt::harness
