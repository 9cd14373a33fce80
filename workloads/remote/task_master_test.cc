// The master and its workers: every task squared exactly once; a wrong
// authkey refused; a worker dying mid-task (closed, or SIGKILLed as a
// process) loses nothing; bad frames drop only their connection.
#include "workloads/remote/task_master.h"

#include <gtest/gtest.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <map>
#include <thread>

#include "workloads/remote/remote_conn.h"
#include "workloads/remote/task_worker.h"

namespace mt::workloads {
namespace {

const std::string kKey = "hello world";  // the seeds' authkey
// Generous: a result on loopback takes microseconds; this only bounds a
// broken test.
constexpr std::chrono::seconds kPatience(30);

void PutTasks(TaskMaster& master, int count) {
  for (int i = 0; i < count; ++i)
    master.PutTask({std::uint64_t(i), {i, i + 1, -i}});
}

// Collects `count` results; fails on a wrong square or a duplicate.
void ExpectAllSquared(TaskMaster& master, int count) {
  std::map<std::uint64_t, int> seen;
  for (int i = 0; i < count; ++i) {
    Task r;
    ASSERT_TRUE(master.GetResult(&r, kPatience)) << "result " << i;
    const std::int64_t n = std::int64_t(r.id);
    EXPECT_EQ(r.numbers,
              (std::vector<std::int64_t>{n * n, (n + 1) * (n + 1), n * n}));
    EXPECT_EQ(++seen[r.id], 1) << "task " << r.id << " answered twice";
  }
  EXPECT_EQ(seen.size(), std::size_t(count));
  Task extra;
  EXPECT_FALSE(master.GetResult(&extra, std::chrono::milliseconds(0)));
}

TEST(TaskMaster, WorkersSquareEveryTaskOnce) {
  TaskMaster master(kKey);
  PutTasks(master, 60);
  master.Finish();
  std::vector<WorkerOutcome> outcomes(3);
  std::vector<std::thread> workers;
  for (auto& o : outcomes)
    workers.emplace_back(
        [&] { o = RunWorker({.port = master.port(), .authkey = kKey}); });
  for (auto& w : workers) w.join();
  ExpectAllSquared(master, 60);
  std::int64_t done = 0;
  for (const auto& o : outcomes) {
    EXPECT_TRUE(o.authenticated);
    EXPECT_EQ(o.error, "");
    done += o.tasks_done;
  }
  EXPECT_EQ(done, 60);
}

TEST(TaskMaster, RefusesAWrongAuthkeyAndKeepsServing) {
  TaskMaster master(kKey);
  PutTasks(master, 5);
  master.Finish();
  WorkerOutcome wrong = RunWorker({.port = master.port(), .authkey = "hello"});
  EXPECT_FALSE(wrong.authenticated);
  EXPECT_EQ(wrong.tasks_done, 0);
  EXPECT_EQ(RunWorker({.port = master.port(), .authkey = kKey}).tasks_done, 5);
  ExpectAllSquared(master, 5);
  EXPECT_EQ(master.Stats().refused_auth, 1);
}

TEST(TaskMaster, AWorkerGoneMidTaskLosesNoTask) {
  TaskMaster master(kKey);
  PutTasks(master, 10);
  master.Finish();
  // Takes task 0 and hangs up without answering, as a dead process would.
  WorkerOutcome dead = RunWorker(
      {.port = master.port(), .authkey = kKey, .hold_after_tasks = 1});
  EXPECT_EQ(dead.tasks_done, 0);
  // The survivor waits for the requeued task: the master is finished but
  // one task is still out.
  EXPECT_EQ(RunWorker({.port = master.port(), .authkey = kKey}).tasks_done, 10);
  ExpectAllSquared(master, 10);
  EXPECT_EQ(master.Stats().requeued, 1);
}

TEST(TaskMaster, AKilledWorkerProcessLosesNoTask) {
  TaskMaster master(kKey);
  PutTasks(master, 10);
  master.Finish();
  int holding[2];
  ASSERT_EQ(pipe(holding), 0);
  pid_t pid = fork();
  ASSERT_GE(pid, 0);
  if (pid == 0) {
    close(holding[0]);
    RunWorker({.port = master.port(),
               .authkey = kKey,
               .hold_after_tasks = 3,
               .on_hold = [&] {
                 char byte = 1;
                 (void)!write(holding[1], &byte, 1);
                 pause();  // until killed
               }});
    _exit(1);
  }
  close(holding[1]);
  char byte = 0;
  const bool held = read(holding[0], &byte, 1) == 1;  // holds its 3rd task
  kill(pid, SIGKILL);
  int status = 0;
  waitpid(pid, &status, 0);
  close(holding[0]);
  ASSERT_TRUE(held);
  EXPECT_TRUE(WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL);
  EXPECT_EQ(RunWorker({.port = master.port(), .authkey = kKey}).tasks_done, 8);
  ExpectAllSquared(master, 10);
  EXPECT_EQ(master.Stats().requeued, 1);
}

TEST(TaskMaster, BadFramesDropOnlyTheirConnection) {
  TaskMaster master(kKey);
  const std::vector<std::vector<std::uint8_t>> bad = {
      {0, 0, 0, 1, 99},  // unknown type
      {0x7f, 0, 0, 0},   // 2 GiB announced
      EncodeFrame({.type = MessageType::kResult, .task_id = 7}),  // unasked
      EncodeFrame({.type = MessageType::kWelcome}),  // out of place
  };
  for (const auto& bytes : bad)
    EXPECT_TRUE(MasterDropsAfter(master.port(), kKey, bytes));
  EXPECT_EQ(master.Stats().dropped_frames, std::int64_t(bad.size()));
  PutTasks(master, 4);
  master.Finish();
  EXPECT_EQ(RunWorker({.port = master.port(), .authkey = kKey}).tasks_done, 4);
  ExpectAllSquared(master, 4);
}

TEST(TaskMaster, GarbageInsteadOfAnAnswerIsRefused) {
  TaskMaster master(kKey);
  std::string error;
  FrameConnection conn(ConnectTcp("127.0.0.1", master.port(), &error));
  const std::uint8_t garbage[] = {'G', 'E', 'T', ' ', '/', '\r', '\n', 0, 0};
  ASSERT_TRUE(conn.SendRaw(garbage, sizeof garbage));
  Message m;
  ASSERT_EQ(conn.Receive(&m), FrameConnection::Status::kMessage);
  EXPECT_EQ(m.type, MessageType::kChallenge);
  EXPECT_EQ(conn.Receive(&m), FrameConnection::Status::kMessage);
  EXPECT_EQ(m.type, MessageType::kRefused);
  EXPECT_EQ(conn.Receive(&m), FrameConnection::Status::kClosed);
  EXPECT_EQ(master.Stats().refused_auth, 1);
}

TEST(SquareAll, WrapsLikeUnsignedArithmetic) {
  EXPECT_EQ(SquareAll({0, 3, -4, 10000}),
            (std::vector<std::int64_t>{0, 9, 16, 100000000}));
  EXPECT_EQ(SquareAll({std::int64_t(1) << 32}), (std::vector<std::int64_t>{0}));
}

}  // namespace
}  // namespace mt::workloads
