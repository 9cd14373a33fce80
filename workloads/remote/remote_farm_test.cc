// The farms square every task of every batch, on the master and on Redis
// (where installed), and the fault drill loses nothing.
#include "workloads/remote/remote_farm.h"

#include <gtest/gtest.h>

namespace mt::workloads {
namespace {

TEST(RemoteFarm, MasterFarmAnswersEveryBatch) {
  std::string error;
  auto farm = StartMasterFarm(2, 5, &error);
  ASSERT_NE(farm, nullptr) << error;
  EXPECT_EQ(farm->RunBatch(8), 0);
  EXPECT_EQ(farm->RunBatch(3), 0);
}

TEST(RemoteFarm, RedisFarmAnswersEveryBatch) {
  std::string error;
  auto server = RedisServer::Start(kFarmAuthkey, &error);
  if (!server) GTEST_SKIP() << error;
  auto farm = StartRedisFarm(*server, 2, 5, &error);
  ASSERT_NE(farm, nullptr) << error;
  EXPECT_EQ(farm->RunBatch(8), 0);
  EXPECT_EQ(farm->RunBatch(3), 0);
}

TEST(RemoteFarm, FaultDrillLosesNothing) {
  FaultReport r = RunFaultDrill(20);
  EXPECT_EQ(r.error, "");
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
