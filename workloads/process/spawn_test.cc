// The seeds' fork lessons, checked: fork copies memory (clone with CLONE_VM
// shares it), two forks make four processes, exit codes and signals reach the
// parent, and no start method leaves a child unreaped, also when one crashes.
#include "workloads/process/spawn.h"

#include <errno.h>
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <set>
#include <system_error>

#include "workloads/base/worker_hook_testing.h"
#include "workloads/compute/compute.h"
#include "workloads/pools/prestarted_pool.h"

namespace mt::workloads {
namespace {

const char kHelper[] = MT_TOOLS_DIR "/spawn_target";

// True when this process has no child at all, running or zombie.
bool NoChildren() {
  return waitpid(-1, nullptr, WNOHANG) == -1 && errno == ECHILD;
}

// argv for the exec target with up to two arguments.
struct HelperArgs {
  explicit HelperArgs(const char* a = nullptr, const char* b = nullptr)
      : argv{const_cast<char*>(kHelper), const_cast<char*>(a),
             const_cast<char*>(b), nullptr} {}
  char* argv[4];
};

int g_num = 0;  // the seeds' global `num`

TEST(Fork, ChildChangesItsOwnCopyOfGlobals) {
  g_num = 0;
  ChildExit how = ForkAndRun([] {
    g_num += 1;
    return g_num;  // the child sees its own increment
  });
  EXPECT_TRUE(how.exited);
  EXPECT_EQ(how.code, 1);
  EXPECT_EQ(g_num, 0) << "the child's write reached the parent";
  g_num += 1;  // the parent's increment starts from its own 0, as in the seed
  EXPECT_EQ(g_num, 1);
  EXPECT_TRUE(NoChildren());
}

int IncrementGlobal(void*) {
  g_num += 1;
  return g_num;
}

TEST(CloneVm, ChildSharesMemoryWithParent) {
  g_num = 0;
  ChildExit how = CloneVmAndRun(IncrementGlobal, nullptr);
  EXPECT_TRUE(how.exited);
  EXPECT_EQ(how.code, 1);
  EXPECT_EQ(g_num, 1) << "CLONE_VM should share the parent's memory";
  EXPECT_TRUE(NoChildren());
}

TEST(Fork, TwoForksMakeFourProcesses) {
  int fds[2];
  ASSERT_EQ(pipe(fds), 0);
  const pid_t first = fork();  // both processes go on to the second fork
  ASSERT_GE(first, 0);
  const pid_t second = fork();
  if (second < 0) _exit(1);  // fewer reports: the count below fails
  const pid_t me = getpid();
  if (write(fds[1], &me, sizeof me) != sizeof me) _exit(1);
  // Every process reaps the child it made; all but the original then leave.
  bool reaped = second == 0 || Reap(second).code == 0;
  if (first == 0 || second == 0) _exit(reaped ? 0 : 1);
  close(fds[1]);
  std::set<pid_t> reported;
  pid_t pid;
  while (read(fds[0], &pid, sizeof pid) == sizeof pid) reported.insert(pid);
  close(fds[0]);
  ChildExit first_exit = Reap(first);
  EXPECT_TRUE(reaped);
  EXPECT_TRUE(first_exit.exited && first_exit.code == 0);
  EXPECT_EQ(reported.size(), 4u);
  EXPECT_EQ(reported.count(getpid()), 1u);
  EXPECT_TRUE(NoChildren());
}

TEST(ExitCodes, ReachTheParentByEveryMethod) {
  EXPECT_EQ(ForkAndExit(7).code, 7);
  EXPECT_EQ(VforkAndExit(9).code, 9);
  EXPECT_EQ(CloneVmAndRun([](void*) { return 5; }, nullptr).code, 5);
  HelperArgs three("--exit", "3"), four("--exit", "4");
  EXPECT_EQ(ForkExec(kHelper, three.argv).code, 3);
  EXPECT_EQ(PosixSpawnAndWait(kHelper, four.argv).code, 4);
  HelperArgs none;
  ChildExit plain = PosixSpawnAndWait(kHelper, none.argv);
  EXPECT_TRUE(plain.exited && plain.code == 0) << plain.ToString();
  EXPECT_TRUE(NoChildren());
}

TEST(ExitCodes, MissingProgramIsReported) {
  HelperArgs none;
  EXPECT_EQ(ForkExec("/nonexistent/mtbench-tool", none.argv).code, 127);
  EXPECT_THROW(PosixSpawnAndWait("/nonexistent/mtbench-tool", none.argv),
               std::system_error);
  EXPECT_TRUE(NoChildren());
}

TEST(Signals, ReachTheParent) {
  ChildExit killed = ForkAndRun([] { return raise(SIGKILL); });
  EXPECT_TRUE(killed.signaled);
  EXPECT_EQ(killed.signal, SIGKILL);
  HelperArgs term("--signal", "15");
  ChildExit spawned = PosixSpawnAndWait(kHelper, term.argv);
  EXPECT_TRUE(spawned.signaled);
  EXPECT_EQ(spawned.signal, SIGTERM) << spawned.ToString();
  EXPECT_TRUE(NoChildren());
}

TEST(Multiprocessing, BothStartMethodsReturnTheTaskResult) {
  const SpawnTask task{10000, 42, 0};
  const std::uint64_t want = ComputeSeries(10000, 42);
  EXPECT_EQ(RunSpawnTask(task), want);
  EXPECT_EQ(RunInSpawnedHelper(kHelper, task), want);
  EXPECT_EQ(RunInForkedChild(task), want);
  EXPECT_TRUE(NoChildren());
}

// A crashing task: the caller learns how the child ended, and it is reaped.
void ExpectAbortReported(const std::function<void()>& start) {
  try {
    start();
    ADD_FAILURE() << "a crashing task returned a result";
  } catch (const ChildFailed& e) {
    EXPECT_TRUE(e.how().signaled) << e.what();
    EXPECT_EQ(e.how().signal, SIGABRT) << e.what();
  }
  EXPECT_TRUE(NoChildren());
}

TEST(Multiprocessing, CrashingChildIsReportedAndReaped) {
  const SpawnTask crash{0, 1, 1};
  ExpectAbortReported([&] { RunInForkedChild(crash); });
  ExpectAbortReported([&] { RunInSpawnedHelper(kHelper, crash); });
}

TEST(Thread, BodyRunsOnceAndIsJoined) {
  std::atomic<int> runs{0};
  ThreadCreateJoin([&] { runs.fetch_add(1, std::memory_order_relaxed); });
  EXPECT_EQ(runs.load(std::memory_order_relaxed), 1);
}

TEST(PrestartedPool, RunsTasksOnItsWorkers) {
  {
    PrestartedPool pool(3);
    const std::vector<pid_t> pids = pool.pids();
    EXPECT_EQ(std::set<pid_t>(pids.begin(), pids.end()).size(), 3u);
    for (std::uint64_t i = 0; i < 30; ++i) {
      EXPECT_EQ(pool.Run({1000 + i, i, 0}), ComputeSeries(1000 + i, i));
    }
  }
  EXPECT_TRUE(NoChildren());
}

TEST(PrestartedPool, CrashedWorkerIsReapedAndReplaced) {
  {
    PrestartedPool pool(2);
    const std::vector<pid_t> before = pool.pids();
    try {
      pool.Run({0, 1, 1});
      ADD_FAILURE() << "a crashing task returned a result";
    } catch (const ChildFailed& e) {
      EXPECT_EQ(e.how().signal, SIGABRT) << e.what();
    }
    EXPECT_EQ(pool.size(), 2);
    EXPECT_NE(pool.pids()[0], before[0]) << "the dead worker was not replaced";
    EXPECT_EQ(pool.pids()[1], before[1]);
    for (std::uint64_t i = 0; i < 4; ++i) {
      EXPECT_EQ(pool.Run({500, i, 0}), ComputeSeries(500, i));
    }
  }
  EXPECT_TRUE(NoChildren());
}

TEST(PrestartedPool, WorkersAndTheirReplacementCallTheHook) {
  HookLog log;
  {
    PrestartedPool pool(2, log.Hook());
    EXPECT_THROW(pool.Run({0, 1, 1}), ChildFailed);  // worker 0 dies
    for (std::uint64_t i = 0; i < 2; ++i) pool.Run({500, i, 0});
  }
  // Worker 0 twice (the replacement keeps its index), worker 1 once.
  EXPECT_EQ(log.Workers(), (std::vector<int>{0, 0, 1}));
  for (const HookLog::Call& c : log.Calls()) {
    EXPECT_EQ(c.workers, 2);
    EXPECT_NE(c.pid, getpid());
  }
}

}  // namespace
}  // namespace mt::workloads
