// Tests for merging shards' races.json: one hunt's shards give its runs and
// findings; shards of other hunts, or overlapping ones, are refused.
#include "harness/hunt_merge.h"

#include <gtest/gtest.h>

#include "harness/hunt_json.h"
#include "harness/hunt_observe.h"

namespace mt::harness {
namespace {

RunRecord Ran(int index, int code) {
  RunRecord r;
  r.index = index;
  r.folder = "prog/run-00" + std::to_string(index);
  r.outcome = "exited";
  r.exit_code = code;
  if (code != 0)
    r.observations.push_back(ObserveExitStatus(code, "failed\n", r.folder));
  return r;
}

// A shard's races.json of the given runs, as RunHunt writes it.
nlohmann::json ShardDoc(const std::vector<RunRecord>& runs, int seed = 7) {
  nlohmann::json runs_json = nlohmann::json::array(),
                 findings = nlohmann::json::array();
  for (const RunRecord& r : runs) runs_json.push_back(RunJson(r));
  for (const Finding& f : Aggregate(runs))
    findings.push_back(FindingJson(f, static_cast<int>(runs.size()), ""));
  return {{"format", "mtbench-races/2"},
          {"seed", seed},
          {"strategy", "none"},
          {"runs_per_target", 4},
          {"time_seconds", 0},
          {"until_found", false},
          {"wall_seconds", 1.5},
          {"targets",
           {{{"name", "prog"},
             {"type", "program"},
             {"filter", ""},
             {"args", {"mode"}},
             {"runs_completed", runs.size()},
             {"stopped_by", "runs"},
             {"runs", runs_json},
             {"findings", findings}}}}};
}

TEST(MergeHuntDocs, ShardsMakeTheWholeHunt) {
  const std::vector<RunRecord> runs = {Ran(1, 3), Ran(2, 0), Ran(3, 3),
                                       Ran(4, 4)};
  const nlohmann::json whole = ShardDoc(runs);
  nlohmann::json merged;
  std::string error;
  ASSERT_TRUE(MergeHuntDocs(
      {ShardDoc({runs[2], runs[3]}), ShardDoc({runs[0], runs[1]})},
      {"/a", "/b"}, &merged, &error))
      << error;
  const nlohmann::json& t = merged["targets"][0];
  EXPECT_EQ(t["runs_completed"], 4);
  ASSERT_EQ(t["runs"].size(), 4u);
  EXPECT_EQ(t["runs"][0]["run"], 1);  // in run order, whatever the shards'
  EXPECT_EQ(t["runs"][0]["folder"], "/b/prog/run-001");
  const nlohmann::json& want = whole["targets"][0]["findings"];
  ASSERT_EQ(t["findings"].size(), want.size());
  for (size_t i = 0; i < want.size(); ++i) {
    for (const char* key : {"signature", "kind", "count", "runs", "hit_rate",
                            "first_run", "reports"})
      EXPECT_EQ(t["findings"][i][key], want[i][key]) << key;
  }
  EXPECT_EQ(t["findings"][0]["example"], "/b/prog/run-001");
  EXPECT_EQ(merged["findings"], 2);
  EXPECT_EQ(merged["exit_status"], 1);
  EXPECT_EQ(merged["merged_from"].size(), 2u);
}

TEST(MergeHuntDocs, RefusesOtherHuntsAndOverlaps) {
  const nlohmann::json a = ShardDoc({Ran(1, 3)}), b = ShardDoc({Ran(2, 0)});
  nlohmann::json merged, other_target = b;
  std::string error;
  EXPECT_FALSE(MergeHuntDocs({a, ShardDoc({Ran(2, 0)}, 8)}, {"/a", "/b"},
                             &merged, &error));
  EXPECT_NE(error.find("not one hunt: seed 7 against 8"), std::string::npos)
      << error;
  other_target["targets"][0]["args"] = {"other-mode"};
  EXPECT_FALSE(MergeHuntDocs({a, other_target}, {"/a", "/b"}, &merged, &error));
  EXPECT_NE(error.find("other targets"), std::string::npos) << error;
  EXPECT_FALSE(MergeHuntDocs({a, a}, {"/a", "/c"}, &merged, &error));
  EXPECT_NE(error.find("the shards overlap"), std::string::npos) << error;
  EXPECT_FALSE(MergeHuntDocs({}, {}, &merged, &error));
}

}  // namespace
}  // namespace mt::harness
