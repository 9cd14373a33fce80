// The three serving models finish every round of every task against the
// delayed echo, and count an echo that comes back altered; in two processes
// the experiment reports the child's rounds and memory (the child calls the
// start hook first), and says clearly when the descriptor limit is too low.
#include "workloads/io/echo_serve.h"

#include <gtest/gtest.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <unistd.h>

#include <thread>

#include "workloads/base/worker_hook_testing.h"
#include "workloads/io/echo_experiment.h"
#include "workloads/process/forked.h"

namespace mt::workloads {
namespace {

// Small: TSan runs this too, and thread-per-task starts one thread a task.
constexpr int kTasks = 12;
constexpr EchoConfig kConfig{
    .rounds = 3, .delay = std::chrono::microseconds(200), .pool_threads = 3};
constexpr ServeModel kModels[] = {
    ServeModel::kEpoll, ServeModel::kThreadPerTask, ServeModel::kFixedPool};

TEST(EchoServe, EveryModelFinishesEveryRound) {
  for (ServeModel model : kModels) {
    std::string error;
    SocketPairs pairs = MakeSocketPairs(kTasks, &error);
    ASSERT_EQ(error, "");
    auto server = MakeEchoServer(model, pairs.server, kConfig);
    ASSERT_TRUE(server->Start(&error)) << error;
    std::int64_t echoed = 0;
    std::thread peer(
        [&] { echoed = RunDelayedEcho(pairs.peer, kConfig.delay); });
    const ServeResult r = server->Serve();
    peer.join();
    EXPECT_EQ(r.error, "");
    EXPECT_EQ(r.rounds_done, kTasks * kConfig.rounds) << int(model);
    EXPECT_EQ(r.bad_echoes, 0);
    EXPECT_EQ(echoed, kTasks * kConfig.rounds);
    EXPECT_EQ(r.threads, model == ServeModel::kEpoll           ? 1
                         : model == ServeModel::kThreadPerTask ? kTasks
                                                               : 3);
  }
}

// A peer that flips one byte of every message it returns, until EOF.
void CorruptingPeer(const std::vector<int>& fds) {
  std::vector<std::thread> threads;
  for (int fd : fds) {
    threads.emplace_back([fd] {
      char m[kEchoMessageBytes];
      while (recv(fd, m, sizeof m, 0) == sizeof m) {
        m[kEchoMessageBytes - 1] ^= 1;
        send(fd, m, sizeof m, MSG_NOSIGNAL);
      }
      close(fd);
    });
  }
  for (auto& t : threads) t.join();
}

TEST(EchoServe, EveryModelCountsAlteredEchoes) {
  for (ServeModel model : kModels) {
    std::string error;
    SocketPairs pairs = MakeSocketPairs(4, &error);
    auto server = MakeEchoServer(model, pairs.server, kConfig);
    ASSERT_TRUE(server->Start(&error)) << error;
    std::thread peer([&] { CorruptingPeer(pairs.peer); });
    const ServeResult r = server->Serve();
    peer.join();
    EXPECT_EQ(r.rounds_done, 0) << int(model);
    EXPECT_EQ(r.bad_echoes, 4 * kConfig.rounds) << int(model);
  }
}

TEST(EchoServe, ThreadPerTaskStartedButNeverServedShutsDown) {
  std::string error;
  SocketPairs pairs = MakeSocketPairs(3, &error);
  auto server =
      MakeEchoServer(ServeModel::kThreadPerTask, pairs.server, kConfig);
  ASSERT_TRUE(server->Start(&error));
  server.reset();  // joins its threads through the aborted gate
  for (int fd : pairs.server) close(fd);
  for (int fd : pairs.peer) close(fd);
}

TEST(EchoExperiment, ServesInAChildAndReportsItsMemory) {
  for (ServeModel model : kModels) {
    HookLog log;
    EchoExperiment e(model, kTasks, kConfig, log.Hook());
    ASSERT_EQ(e.error(), "");
    // The server child called the hook before starting its model.
    ASSERT_EQ(log.Calls().size(), 1u);
    EXPECT_EQ(log.Calls()[0].workers, 1);
    EXPECT_NE(log.Calls()[0].pid, getpid());
    EXPECT_EQ(e.Run(), kTasks * kConfig.rounds);
    const ExperimentReport r = e.Finish();
    EXPECT_EQ(r.error, "");
    EXPECT_EQ(r.serve.rounds_done, kTasks * kConfig.rounds) << int(model);
    EXPECT_GT(r.rss_at_fork_kib, 0);
    // The kernel keeps RSS in per-CPU counters and reads them without
    // summing (Linux 6.2+), so two readings may disagree by some pages:
    // 256 KiB is far above that and far below a real accounting error.
    EXPECT_GE(r.hwm_kib + 256, r.rss_started_kib);
  }
}

TEST(EchoExperiment, SaysWhenTheDescriptorLimitIsTooLow) {
  // In a child: lowering the hard limit cannot be undone.
  const pid_t pid = ForkChild([] {
    const rlimit low = {100, 100};
    setrlimit(RLIMIT_NOFILE, &low);
    EchoExperiment e(ServeModel::kEpoll, 1000, kConfig);
    return e.error().find("RLIMIT_NOFILE's hard limit is 100") !=
                   std::string::npos
               ? 0
               : 1;
  });
  ASSERT_GT(pid, 0);
  EXPECT_EQ(WaitChild(pid), 0);
}

TEST(ReadProcessMemory, SeesResidentPages) {
  const ProcessMemory m = ReadProcessMemory();
  EXPECT_GT(m.rss_kib, 0);
  EXPECT_GE(m.hwm_kib, m.rss_kib);
}

}  // namespace
}  // namespace mt::workloads
