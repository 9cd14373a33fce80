// Peers: the body's result comes back from a process or a thread; a child
// killed by a signal reports it; a child never waited for is killed and
// reaped by the destructor (no zombie left behind).
#include "workloads/process/peer.h"

#include <gtest/gtest.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <stdexcept>

#include "workloads/base/worker_hook_testing.h"

namespace mt::workloads {
namespace {

TEST(Peer, ReturnsTheBodysResultFromAProcessAndAThread) {
  HookLog in_process, in_thread;
  Peer process(
      Peer::Kind::kProcess, [] { return 7; }, in_process.Hook());
  Peer thread(
      Peer::Kind::kThread, [] { return 9; }, in_thread.Hook());
  EXPECT_GT(process.pid(), 0);
  EXPECT_EQ(thread.pid(), -1);
  EXPECT_EQ(process.Wait(), 7);
  EXPECT_EQ(thread.Wait(), 9);
  // Each called the start hook on itself before its body.
  ASSERT_EQ(in_process.Calls().size(), 1u);
  EXPECT_EQ(in_process.Calls()[0].pid, process.pid());
  ASSERT_EQ(in_thread.Calls().size(), 1u);
  EXPECT_EQ(in_thread.Calls()[0].pid, getpid());
  EXPECT_NE(in_thread.Calls()[0].tid, getpid());
}

TEST(Peer, ReportsABodyThatThrowsOrAChildEndedBySignal) {
  Peer thrower(Peer::Kind::kThread,
               []() -> int { throw std::runtime_error("boom"); });
  EXPECT_EQ(thrower.Wait(), Peer::kThrew);
  Peer killed(Peer::Kind::kProcess, [] {
    raise(SIGTERM);
    return 0;
  });
  EXPECT_EQ(killed.Wait(), 128 + SIGTERM);
}

TEST(Peer, DestructorKillsAndReapsAChildNeverWaitedFor) {
  pid_t pid = -1;
  {
    Peer sleeper(Peer::Kind::kProcess, [] {
      for (;;) pause();
      return 0;
    });
    pid = sleeper.pid();
  }
  // Reaped already: the pid is no longer our child.
  EXPECT_EQ(waitpid(pid, nullptr, WNOHANG), -1);
  EXPECT_EQ(errno, ECHILD);
}

}  // namespace
}  // namespace mt::workloads
