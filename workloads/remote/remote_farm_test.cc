// The farms square every task of every batch, on the master and on Redis
// (where installed), and the fault drill loses nothing; every worker process
// calls the start hook.
#include "workloads/remote/remote_farm.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include "workloads/base/worker_hook_testing.h"

namespace mt::workloads {
namespace {

TEST(RemoteFarm, MasterFarmAnswersEveryBatch) {
  std::string error;
  HookLog log;
  auto farm = StartMasterFarm(2, 5, &error, log.Hook());
  ASSERT_NE(farm, nullptr) << error;
  EXPECT_EQ(farm->RunBatch(8), 0);
  EXPECT_EQ(farm->RunBatch(3), 0);
  farm.reset();  // the workers are reaped: every one has started
  EXPECT_EQ(log.Workers(), (std::vector<int>{0, 1}));
  for (const HookLog::Call& c : log.Calls()) EXPECT_NE(c.pid, getpid());
}

TEST(RemoteFarm, RedisFarmAnswersEveryBatch) {
  std::string error;
  auto server = RedisServer::Start(kFarmAuthkey, &error);
  if (!server) GTEST_SKIP() << error;
  HookLog log;
  auto farm = StartRedisFarm(*server, 2, 5, &error, log.Hook());
  ASSERT_NE(farm, nullptr) << error;
  EXPECT_EQ(farm->RunBatch(8), 0);
  EXPECT_EQ(farm->RunBatch(3), 0);
  EXPECT_GT(server->pid(), 0);
  farm.reset();
  EXPECT_EQ(log.Workers(), (std::vector<int>{0, 1}));
}

TEST(RemoteFarm, FaultDrillLosesNothing) {
  HookLog log;
  FaultReport r = RunFaultDrill(20, log.Hook());
  EXPECT_EQ(r.error, "");
  EXPECT_EQ(log.Workers(), (std::vector<int>{0, 1, 2}));
  for (const HookLog::Call& c : log.Calls()) {
    EXPECT_EQ(c.workers, kDrillWorkers);
    EXPECT_NE(c.pid, getpid());
  }
  EXPECT_TRUE(r.wrong_key_refused);
  EXPECT_EQ(r.probes_dropped, r.probes);
  EXPECT_EQ(r.probes, 3);
  EXPECT_TRUE(r.worker_killed);
  EXPECT_EQ(r.requeued, 1);
  EXPECT_EQ(r.lost, 0);
  EXPECT_EQ(r.duplicated, 0);
  EXPECT_EQ(r.wrong, 0);
}

}  // namespace
}  // namespace mt::workloads
