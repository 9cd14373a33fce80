// The placement seam on the real machine: workers pinned through the hook on
// threads and in forked children, the caller, and a process pinned by pid,
// each recorded with its planned PU and the CPU it ran on.
#include "harness/placement.h"

#include <gtest/gtest.h>
#include <sched.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <thread>
#include <vector>

namespace mt::harness {
namespace {

BenchmarkPlacement Recorded(const std::string& name, int workers) {
  auto all = RecordedPlacements();
  auto it = all.find({name, workers});
  EXPECT_NE(it, all.end()) << name;
  return it == all.end() ? BenchmarkPlacement{} : it->second;
}

int Pu(int worker, int workers) {
  return *Topology::Machine().PuFor(PinPolicy::kCompact, worker, workers);
}

TEST(Placement, HookPinsAndRecordsEveryThread) {
  const int n = Topology::Machine().Pus();
  {
    Placement p("test/threads", PinPolicy::kCompact, n);
    std::vector<std::thread> threads;
    for (int w = 0; w < n; ++w) threads.emplace_back(p.Hook(), w, n);
    for (std::thread& t : threads) t.join();
  }  // recorded on destruction
  const BenchmarkPlacement got = Recorded("test/threads", n);
  ASSERT_EQ(got.workers.size(), size_t(n));
  EXPECT_EQ(got.policy, PinPolicy::kCompact);
  for (int w = 0; w < n; ++w) {
    const WorkerPlacement& wp = got.workers[size_t(w)];
    EXPECT_EQ(wp.pus, std::vector<int>{Pu(w, n)});
    EXPECT_EQ(wp.cpu_seen, Pu(w, n));  // bound to one PU: it runs there
    EXPECT_TRUE(wp.verified);
    EXPECT_EQ(wp.kind, WorkerKind::kThread);
    EXPECT_EQ(wp.role, "worker");
  }
}

TEST(Placement, AForkedChildReportsToItsParent) {
  Placement p("test/fork", PinPolicy::kCompact, 2);
  const pid_t pid = fork();
  if (pid == 0) {
    p.Hook(1, "child")(0, 1);  // as a workload calls it in its child
    _exit(0);
  }
  ASSERT_GT(pid, 0);
  int status = 0;
  ASSERT_EQ(waitpid(pid, &status, 0), pid);
  p.Record();
  const BenchmarkPlacement got = Recorded("test/fork", 2);
  ASSERT_EQ(got.workers.size(), 2u);
  const WorkerPlacement& child = got.workers[1];
  EXPECT_EQ(child.pus, std::vector<int>{Pu(1, 2)});
  EXPECT_EQ(child.cpu_seen, Pu(1, 2));
  EXPECT_EQ(child.kind, WorkerKind::kProcess);
  EXPECT_EQ(child.role, "child");
  // Worker 0 never started: recorded, with no CPU, so checks can see it.
  EXPECT_EQ(got.workers[0].cpu_seen, -1);
}

TEST(Placement, PinCallerRecordsAndRestores) {
  std::thread([] {
    cpu_set_t before, after;
    sched_getaffinity(0, sizeof before, &before);
    {
      Placement p("test/caller", PinPolicy::kCompact, 1);
      auto pin = p.PinCaller(0, "peer");
      EXPECT_EQ(sched_getcpu(), Pu(0, 1));
    }
    sched_getaffinity(0, sizeof after, &after);
    EXPECT_TRUE(CPU_EQUAL(&before, &after));
  }).join();
  const BenchmarkPlacement got = Recorded("test/caller", 1);
  ASSERT_EQ(got.workers.size(), 1u);
  EXPECT_EQ(got.workers[0].cpu_seen, Pu(0, 1));
  EXPECT_EQ(got.workers[0].role, "peer");
}

TEST(Placement, PinProcessRecordsWhereTheProcessRan) {
  // The child answers each byte: once it answered after the pin, it has run
  // where it was pinned, so its last CPU is there.
  int there[2], back[2];
  ASSERT_EQ(pipe(there), 0);
  ASSERT_EQ(pipe(back), 0);
  const pid_t pid = fork();
  if (pid == 0) {
    close(there[1]);  // or it would never see end of file
    close(back[0]);
    char c;
    while (read(there[0], &c, 1) == 1) (void)!write(back[1], &c, 1);
    _exit(0);
  }
  ASSERT_GT(pid, 0);
  const int n = Topology::Machine().Pus();
  Placement p("test/pid", PinPolicy::kCompact, n);
  p.PinProcess(pid, n - 1, "server");
  char c = 1;
  ASSERT_EQ(write(there[1], &c, 1), 1);
  ASSERT_EQ(read(back[0], &c, 1), 1);
  p.Record();
  close(there[1]);
  waitpid(pid, nullptr, 0);
  for (int fd : {there[0], back[0], back[1]}) close(fd);
  const WorkerPlacement got = Recorded("test/pid", n).workers.at(size_t(n - 1));
  EXPECT_EQ(got.pus, std::vector<int>{Pu(n - 1, n)});
  EXPECT_TRUE(got.verified);
  EXPECT_EQ(got.cpu_seen, Pu(n - 1, n));
  EXPECT_EQ(got.kind, WorkerKind::kProcess);
  p.Record();  // again, after it is gone: the CPU read while it lived stays
  EXPECT_EQ(Recorded("test/pid", n).workers.at(size_t(n - 1)).cpu_seen,
            Pu(n - 1, n));
}

TEST(Placement, NoneRecordsTheCpuSeenUnpinned) {
  {
    Placement p("test/none", PinPolicy::kNone, 1);
    std::thread(p.Hook(), 0, 1).join();
  }
  const WorkerPlacement got = Recorded("test/none", 1).workers.at(0);
  EXPECT_TRUE(got.pus.empty());
  EXPECT_FALSE(got.verified);
  EXPECT_GE(got.cpu_seen, 0);
}

TEST(Placement, PusOfJoinsTheWorkersOfASpan) {
  const int n = Topology::Machine().Pus();
  std::vector<int> all;
  for (int w = 0; w < n; ++w) all.push_back(Pu(w, n));
  std::sort(all.begin(), all.end());
  // Twice as many workers as PUs wrap around: still every PU, once.
  EXPECT_EQ(Placement::PusOf(PinPolicy::kCompact, 0, 2 * n, 2 * n), all);
  EXPECT_TRUE(Placement::PusOf(PinPolicy::kNone, 0, n, n).empty());
}

TEST(PlacementDeathTest, AHookOutsideThePlanAborts) {
  Placement p("test/outside", PinPolicy::kNone, 1);
  EXPECT_DEATH(p.Hook(1)(0, 1), "outside its plan");
}

TEST(Placements, AreRecordedPerBenchmarkAndWorkerCount) {
  ScopedPin pin(PinPolicy::kNone, 0, 2);
  RecordPlacement("test/placement", PinPolicy::kNone, 1, 2, pin);
  const BenchmarkPlacement got = Recorded("test/placement", 2);
  ASSERT_EQ(got.workers.size(), 2u);
  EXPECT_TRUE(got.workers[1].pus.empty());
  EXPECT_GE(got.workers[1].cpu_seen, 0);
}

}  // namespace
}  // namespace mt::harness
