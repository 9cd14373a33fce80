// RESP encoding and parsing (always), and, where Debian's redis-server is
// installed, the task/result lists end to end with the password enforced.
#include "workloads/remote/redis_queue.h"

#include <gtest/gtest.h>

#include <set>
#include <thread>

#include "workloads/remote/remote_frame.h"
#include "workloads/remote/task_worker.h"

namespace mt::workloads {
namespace {

TEST(Resp, EncodesCommandsAsBulkArrays) {
  EXPECT_EQ(EncodeCommand({"LPUSH", "k", ""}),
            "*3\r\n$5\r\nLPUSH\r\n$1\r\nk\r\n$0\r\n\r\n");
}

TEST(Resp, ParsesEveryReplyKind) {
  const std::string stream =
      "+OK\r\n-ERR no\r\n:42\r\n$3\r\na\r\n\r\n$-1\r\n*2\r\n$1\r\nk\r\n:-7\r\n";
  std::size_t pos = 0;
  RespValue v;
  ASSERT_EQ(ParseReply(stream, &pos, &v), RespParse::kValue);
  EXPECT_EQ(v.kind, RespValue::Kind::kSimple);
  EXPECT_EQ(v.text, "OK");
  ASSERT_EQ(ParseReply(stream, &pos, &v), RespParse::kValue);
  EXPECT_EQ(v.kind, RespValue::Kind::kError);
  ASSERT_EQ(ParseReply(stream, &pos, &v), RespParse::kValue);
  EXPECT_EQ(v.integer, 42);
  ASSERT_EQ(ParseReply(stream, &pos, &v), RespParse::kValue);
  EXPECT_EQ(v.text, "a\r\n");  // binary-safe: CRLF inside a bulk string
  ASSERT_EQ(ParseReply(stream, &pos, &v), RespParse::kValue);
  EXPECT_EQ(v.kind, RespValue::Kind::kNull);
  ASSERT_EQ(ParseReply(stream, &pos, &v), RespParse::kValue);
  ASSERT_EQ(v.items.size(), 2u);
  EXPECT_EQ(v.items[0].text, "k");
  EXPECT_EQ(v.items[1].integer, -7);
  EXPECT_EQ(pos, stream.size());
}

TEST(Resp, WaitsForIncompleteRepliesAndRefusesBadOnes) {
  for (std::string partial : {"", "+O", "$5\r\nab", "*2\r\n:1\r\n"}) {
    std::size_t pos = 0;
    RespValue v;
    EXPECT_EQ(ParseReply(partial, &pos, &v), RespParse::kNeedMore) << partial;
    EXPECT_EQ(pos, 0u);
  }
  for (std::string bad : {"?x\r\n", ":1x\r\n", "$-2\r\n", "$1\r\nab\r\n"}) {
    std::size_t pos = 0;
    RespValue v;
    EXPECT_EQ(ParseReply(bad, &pos, &v), RespParse::kBad) << bad;
  }
}

// The rest needs redis-server; without it the test says so and skips.
class RedisServerTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string error;
    server_ = RedisServer::Start(kPassword, &error);
    if (!server_) GTEST_SKIP() << error;
  }
  static constexpr const char* kPassword = "hello world";
  std::unique_ptr<RedisServer> server_;
};

TEST_F(RedisServerTest, RefusesAWrongPassword) {
  RespClient client;
  EXPECT_FALSE(client.Connect(server_->port(), "hello"));
  EXPECT_NE(client.error().find("AUTH"), std::string::npos) << client.error();
}

TEST_F(RedisServerTest, WorkersSquareEveryTaskOnce) {
  RespClient master;
  ASSERT_TRUE(master.Connect(server_->port(), kPassword)) << master.error();
  constexpr int kTasks = 20, kWorkers = 2;
  std::vector<std::string> push = {"LPUSH", "tasks"};
  for (int i = 0; i < kTasks; ++i) {
    auto payload = EncodeTaskPayload(std::uint64_t(i), {i, -i});
    push.emplace_back(payload.begin(), payload.end());
  }
  for (int w = 0; w < kWorkers; ++w) push.emplace_back();  // leave signals
  RespValue reply;
  ASSERT_TRUE(master.Command(push, &reply));
  EXPECT_EQ(reply.integer, kTasks + kWorkers);
  std::vector<RedisWorkerOutcome> outcomes(kWorkers);
  std::vector<std::thread> workers;
  for (auto& o : outcomes) {
    workers.emplace_back([&o, this] {
      o = RunRedisWorker(server_->port(), kPassword, "tasks", "results");
    });
  }
  for (auto& w : workers) w.join();
  std::set<std::uint64_t> seen;
  for (int i = 0; i < kTasks; ++i) {
    ASSERT_TRUE(master.Command({"BRPOP", "results", "5"}, &reply));
    ASSERT_EQ(reply.items.size(), 2u);
    const std::string& e = reply.items[1].text;
    std::uint64_t id = 0;
    std::vector<std::int64_t> squares;
    ASSERT_TRUE(
        DecodeTaskPayload(reinterpret_cast<const std::uint8_t*>(e.data()),
                          e.size(), &id, &squares));
    const auto n = std::int64_t(id);
    EXPECT_EQ(squares, (std::vector<std::int64_t>{n * n, n * n}));
    EXPECT_TRUE(seen.insert(id).second) << "task " << id << " twice";
  }
  EXPECT_EQ(seen.size(), std::size_t(kTasks));
  for (const auto& o : outcomes) EXPECT_EQ(o.error, "");
  EXPECT_EQ(outcomes[0].tasks_done + outcomes[1].tasks_done, kTasks);
}

}  // namespace
}  // namespace mt::workloads
