// Peers: the body's result comes back from a process or a thread; a child
// killed by a signal reports it; a child never waited for is killed and
// reaped by the destructor (no zombie left behind).
#include "workloads/process/peer.h"

#include <gtest/gtest.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <stdexcept>

namespace mt::workloads {
namespace {

TEST(Peer, ReturnsTheBodysResultFromAProcessAndAThread) {
  Peer process(Peer::Kind::kProcess, [] { return 7; });
  Peer thread(Peer::Kind::kThread, [] { return 9; });
  EXPECT_GT(process.pid(), 0);
  EXPECT_EQ(thread.pid(), -1);
  EXPECT_EQ(process.Wait(), 7);
  EXPECT_EQ(thread.Wait(), 9);
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
