// GIL programs: every policy does the same work, per_process really runs in
// separate processes (and reaps them, failures included), the two-thread
// handoff loops hand over exactly as often as asked.
#include "workloads/gil/gil_programs.h"

#include <gtest/gtest.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <mutex>
#include <set>
#include <stdexcept>
#include <thread>

#include "workloads/gil/gil_handoff.h"

namespace mt::workloads {
namespace {

TEST(RunCpuThreads, EveryPolicyDoesTheSameWork) {
  Gil alone(GilPolicy::kNone);
  const std::uint64_t one = RunBytecodes(alone, 0, 5'000);
  for (GilPolicy p :
       {GilPolicy::kTick, GilPolicy::kInterval, GilPolicy::kNone}) {
    Gil gil(p, std::chrono::microseconds(50));
    EXPECT_EQ(RunCpuThreads(gil, 3, 5'000), 3 * one) << GilPolicyName(p);
    EXPECT_EQ(gil.holder(), -1);
  }
}

TEST(RunCpuThreads, TheHookRunsOnEachWorkerOwnThread) {
  std::mutex mutex;
  std::set<int> workers;
  std::set<std::thread::id> ids;
  Gil gil(GilPolicy::kInterval);
  RunCpuThreads(gil, 3, 100, [&](int worker, int of) {
    std::lock_guard<std::mutex> lock(mutex);
    EXPECT_EQ(of, 3);
    workers.insert(worker);
    ids.insert(std::this_thread::get_id());
  });
  EXPECT_EQ(workers, (std::set<int>{0, 1, 2}));
  EXPECT_EQ(ids.size(), 3u);
  EXPECT_EQ(ids.count(std::this_thread::get_id()), 0u);
}

TEST(RunBytecodesUntil, StopsWhenAsked) {
  Gil gil(GilPolicy::kInterval);
  const std::atomic<bool> stop{true};
  EXPECT_EQ(RunBytecodesUntil(gil, 0, stop), 0u);
  EXPECT_EQ(gil.holder(), -1);
}

// Children write their pid and parent pid into a shared page.
TEST(RunInProcesses, EachWorkerIsItsOwnProcess) {
  constexpr int kWorkers = 3;
  void* page = mmap(nullptr, 4096, PROT_READ | PROT_WRITE,
                    MAP_SHARED | MAP_ANONYMOUS, -1, 0);
  ASSERT_NE(page, MAP_FAILED);
  struct Slot {
    pid_t pid, parent;
  };
  auto* slots = static_cast<Slot*>(page);
  struct Hooked {
    pid_t pid;
    int workers;
  };
  auto* hooked = reinterpret_cast<Hooked*>(slots + kWorkers);
  ProcessRun run = RunInProcesses(
      kWorkers,
      [slots](int w) {
        slots[w] = {getpid(), getppid()};
        Gil gil(GilPolicy::kPerProcess);  // as RunCpuProcesses: a lock each
        RunBytecodes(gil, 0, 1000);
      },
      [hooked](int w, int of) {
        hooked[w] = {getpid(), of};
      });
  ASSERT_TRUE(run.ok) << run.error;
  ASSERT_EQ(run.pids.size(), size_t{kWorkers});
  std::set<pid_t> distinct;
  for (int w = 0; w < kWorkers; ++w) {
    EXPECT_EQ(slots[w].pid, run.pids[static_cast<size_t>(w)]);
    EXPECT_NE(slots[w].pid, getpid());
    EXPECT_EQ(slots[w].parent, getpid());
    // The hook ran in the worker's own process, told how many there are.
    EXPECT_EQ(hooked[w].pid, slots[w].pid);
    EXPECT_EQ(hooked[w].workers, kWorkers);
    distinct.insert(slots[w].pid);
  }
  EXPECT_EQ(distinct.size(), size_t{kWorkers});
  munmap(page, 4096);
  EXPECT_TRUE(RunCpuProcesses(2, 1000).ok);
}

TEST(RunInProcesses, ReportsAFailingChildAndReapsAll) {
  ProcessRun run = RunInProcesses(3, [](int w) {
    if (w == 1) throw std::runtime_error("worker 1 fails");
  });
  EXPECT_FALSE(run.ok);
  EXPECT_NE(run.error.find("ended by exit 1"), std::string::npos)
      << run.error;
  EXPECT_EQ(run.pids.size(), 3u);
  // Nothing left to reap: every child was waited for.
  EXPECT_EQ(waitpid(-1, nullptr, WNOHANG), -1);
  EXPECT_EQ(errno, ECHILD);
}

TEST(PingPong, HandsOverAsOftenAsAsked) {
  EXPECT_EQ(CondvarPingPong(1001), 1001u);
  EXPECT_EQ(FutexPingPong(1000), 1000u);
  Gil gil(GilPolicy::kInterval);
  EXPECT_GE(GilPingPong(gil, 1000), 1000u);
  EXPECT_EQ(gil.holder(), -1);
  // Every handoff went through the forced-switch path.
  EXPECT_GE(gil.Stats().forced_drops, 999u);
}

}  // namespace
}  // namespace mt::workloads
