// run.json assembly: truncated child output is closed after its last complete
// benchmark, and the merge keeps statuses, claims and placements.
#include "harness/results.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

namespace mt::harness {
namespace {

// The shape Google Benchmark's JSONReporter writes (two-space indent).
const char kComplete[] = R"({
  "context": {
    "host_name": "h"
  },
  "benchmarks": [
    {
      "name": "s/a",
      "real_time": 1
    },
    {
      "name": "s/b",
      "real_time": 2
    }
  ]
}
)";

TEST(CloseTruncatedBenchmarkJson, KeepsCompleteTextUnchanged) {
  EXPECT_EQ(CloseTruncatedBenchmarkJson(kComplete), kComplete);
}

TEST(CloseTruncatedBenchmarkJson, CutsAfterTheLastCompleteEntry) {
  std::string text = kComplete;
  // A crash in the middle of the second entry.
  std::string cut = text.substr(0, text.find("\"s/b\"") + 5);
  auto doc = nlohmann::json::parse(CloseTruncatedBenchmarkJson(cut));
  ASSERT_EQ(doc["benchmarks"].size(), 1u);
  EXPECT_EQ(doc["benchmarks"][0]["name"], "s/a");
  EXPECT_EQ(doc["context"]["host_name"], "h");
}

TEST(CloseTruncatedBenchmarkJson, NonFiniteNumbersBecomeNull) {
  // As Google Benchmark writes the cv aggregate of a counter that is always 0.
  std::string text = R"({"benchmarks": [{"name": "s/a_cv", "lost": NaN,
      "x": -Infinity, "label": "NaN inside a string stays"}]})";
  auto doc = nlohmann::json::parse(CloseTruncatedBenchmarkJson(text));
  EXPECT_TRUE(doc["benchmarks"][0]["lost"].is_null());
  EXPECT_TRUE(doc["benchmarks"][0]["x"].is_null());
  EXPECT_EQ(doc["benchmarks"][0]["label"], "NaN inside a string stays");
}

TEST(CloseTruncatedBenchmarkJson, CrashBeforeAnyBenchmarkKeepsTheContext) {
  std::string text = kComplete;
  std::string cut = text.substr(0, text.find("\"benchmarks\": [") + 16);
  auto doc = nlohmann::json::parse(CloseTruncatedBenchmarkJson(cut));
  EXPECT_TRUE(doc["benchmarks"].empty());
  EXPECT_EQ(CloseTruncatedBenchmarkJson("{\n  \"context\": {"), "");
}

class MergeRunTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = std::filesystem::temp_directory_path() /
           ("mt_results_test_" + std::to_string(getpid()));
    std::filesystem::create_directories(dir_);
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }
  std::string Write(const std::string& name, const std::string& text) {
    std::string path = (dir_ / name).string();
    std::ofstream(path) << text;
    return path;
  }
  std::filesystem::path dir_;
};

TEST_F(MergeRunTest, MergesChildrenAndRecordsEveryStatus) {
  std::string text = kComplete;
  ScenarioRecord ok{"s",
                    "ok",
                    "",
                    1.5,
                    Write("s.json", kComplete),
                    Write("s.claims.json", R"({"claims": [{"sentence": "x",
                      "check": "y", "verdict": "holds", "numbers": "1"}],
                      "analysis": {"fit": {"k": 2}}, "placements": [],
                      "errors": [], "starts_workers": "^s/b"})")};
  ScenarioRecord crashed{"t",
                         "crashed",
                         "killed by signal 11",
                         0.2,
                         Write("t.json", text.substr(0, text.find("\"s/b\""))),
                         (dir_ / "absent.json").string()};
  ScenarioRecord skipped{"u", "skipped", "not reached", 0, "", ""};
  RunFacts facts;
  facts.pins = {PinPolicy::kCompact};
  nlohmann::json run = MergeRun(facts, {ok, crashed, skipped});
  EXPECT_EQ(run["benchmarks"].size(), 3u);
  const auto& block = run["context"]["mtbench"];
  ASSERT_EQ(block["scenarios"].size(), 3u);
  EXPECT_EQ(block["scenarios"][0]["claims"][0]["verdict"], "holds");
  EXPECT_EQ(block["scenarios"][0]["analysis"]["fit"]["k"], 2);
  EXPECT_EQ(block["scenarios"][0]["starts_workers"], "^s/b");
  EXPECT_EQ(block["scenarios"][1]["starts_workers"], "");  // no sidecar
  EXPECT_EQ(block["scenarios"][1]["status"], "crashed");
  EXPECT_EQ(block["scenarios"][1]["benchmarks"], 1);
  EXPECT_EQ(block["scenarios"][2]["reason"], "not reached");
  EXPECT_EQ(block["pin_policies"][0], "compact");
  EXPECT_EQ(run["context"]["host_name"], "h");
}

TEST_F(MergeRunTest, LatestPointsAtTheNewestRun) {
  std::string error;
  std::string first = MakeRunDirectory(dir_.string(), &error);
  std::string second = MakeRunDirectory(dir_.string(), &error);
  ASSERT_FALSE(first.empty()) << error;
  ASSERT_NE(first, second);  // same second: a suffix keeps them apart
  PointLatestAt(dir_.string(), first);
  PointLatestAt(dir_.string(), second);
  EXPECT_EQ(std::filesystem::canonical(dir_ / "latest"),
            std::filesystem::canonical(second));
}

}  // namespace
}  // namespace mt::harness
