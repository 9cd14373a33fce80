// Tests for findings across runs: deduplication, the merge of shards'
// findings, races.json round trips, and the labels that tell findings
// under one shared helper apart.
#include "harness/hunt_findings.h"

#include <gtest/gtest.h>

#include <set>
#include <sstream>

#include "harness/hunt_json.h"
#include "harness/hunt_observe.h"
#include "harness/hunt_table.h"
#include "harness/tsan_report_testing.h"

namespace mt::harness {
namespace {

Observation Seen(const std::string& signature) {
  Observation o;
  o.signature = signature;
  o.kind = "data race";
  o.headline = "data race";
  o.source = "log";
  return o;
}

RunRecord Ran(int index, std::vector<Observation> observations) {
  RunRecord r;
  r.index = index;
  r.outcome = "exited";
  r.observations = std::move(observations);
  return r;
}

TEST(Aggregate, OneFindingPerSignatureCountedPerRun) {
  std::vector<RunRecord> runs = {
      Ran(1, {Seen("a")}),
      Ran(2, {Seen("b"), Seen("a"), Seen("b")}),
      Ran(3, {}),
      Ran(4, {Seen("a")}),
  };
  std::vector<Finding> f = Aggregate(runs);
  ASSERT_EQ(f.size(), 2u);
  EXPECT_EQ(f[0].signature, "a");  // most frequent first
  EXPECT_EQ(f[0].count, 3);
  EXPECT_EQ(f[0].reports, 3);
  EXPECT_EQ(f[0].first_run, 1);
  EXPECT_EQ(f[1].signature, "b");
  EXPECT_EQ(f[1].count, 1);
  EXPECT_EQ(f[1].reports, 2);
  EXPECT_EQ(f[1].first_run, 2);
  nlohmann::json j = FindingJson(f[0], 4, "where");
  EXPECT_DOUBLE_EQ(j["hit_rate"].get<double>(), 0.75);
  EXPECT_EQ(j["count"], 3);
  EXPECT_EQ(j["runs"], 4);
  EXPECT_TRUE(Aggregate({Ran(1, {}), Ran(2, {})}).empty());
}

TEST(MergeFindings, ShardsGiveTheWholeHuntsFindings) {
  std::vector<RunRecord> runs = {
      Ran(1, {Seen("b")}),
      Ran(2, {Seen("a"), Seen("a")}),
      Ran(3, {}),
      Ran(4, {Seen("a"), Seen("c")}),
      Ran(5, {Seen("b"), Seen("a")}),
      Ran(6, {Seen("c")}),
  };
  const std::vector<Finding> whole = Aggregate(runs);
  const std::vector<Finding> merged =
      MergeFindings({Aggregate({runs.begin(), runs.begin() + 2}),
                     Aggregate({runs.begin() + 2, runs.begin() + 5}),
                     Aggregate({runs.begin() + 5, runs.end()})});
  ASSERT_EQ(merged.size(), whole.size());
  for (size_t i = 0; i < whole.size(); ++i) {
    EXPECT_EQ(merged[i].signature, whole[i].signature);
    EXPECT_EQ(merged[i].count, whole[i].count);
    EXPECT_EQ(merged[i].reports, whole[i].reports);
    EXPECT_EQ(merged[i].first_run, whole[i].first_run);
  }
}

TEST(FindingJson, ReadsBackAsWritten) {
  std::vector<Observation> seen =
      ObserveTsanLog(Recorded("tsan/race-wr.0.txt"), "t/run-001/tsan.1");
  std::vector<Finding> f = Aggregate({Ran(1, seen)});
  ASSERT_EQ(f.size(), 1u);
  Finding back;
  std::string error;
  ASSERT_TRUE(FindingFromJson(FindingJson(f[0], 1, ""), &back, &error))
      << error;
  EXPECT_EQ(back.signature, f[0].signature);
  EXPECT_EQ(back.detail, f[0].detail);
  EXPECT_EQ(back.stacks.size(), f[0].stacks.size());
  EXPECT_EQ(back.stacks[0].frames[0].function,
            f[0].stacks[0].frames[0].function);
  EXPECT_FALSE(FindingFromJson(nlohmann::json{{"kind", 1}}, &back, &error));
  EXPECT_NE(error.find("not as mtbench hunt writes it"), std::string::npos);
}

std::vector<Finding> FromLog(const std::string& file) {
  return Aggregate(
      {Ran(1, ObserveTsanLog(Recorded("tsan/" + file), "t/run-001/tsan.1"))});
}

// Labels of findings under one helper name their callers, not only the
// helper's frames they share.
TEST(FindingLabels, ShowTheFrameThatTellsHelperFindingsApart) {
  const std::vector<Finding> f = FromLog("lock-order-helper.0.txt");
  ASSERT_EQ(f.size(), 5u);
  const auto labels = FindingLabels(f);
  std::set<std::string> distinct;
  for (const auto& label : labels) {
    std::string all;
    for (const std::string& line : label) all += line + "\n";
    EXPECT_EQ(all.find("Acquire tsan_target.cc:"), 0u) << all;
    EXPECT_NE(all.find("< ... < "), std::string::npos) << all;
    // The callers: each pair's own lambda, on its own line.
    EXPECT_NE(all.find("$_"), std::string::npos) << all;
    distinct.insert(all);
  }
  EXPECT_EQ(distinct.size(), 5u);
  // A finding alone needs no more than its top frame.
  const auto one = FindingLabels(FromLog("lock-order.0.txt"));
  EXPECT_EQ(one.at(0).at(0).find("<"), std::string::npos) << one[0][0];
}

TEST(FindingLabels, AccessTypesAndVariables) {
  const std::vector<Finding> f = FromLog("races-helper.0.txt");
  ASSERT_EQ(f.size(), 8u);
  std::set<std::string> distinct;
  for (const auto& label : FindingLabels(f)) {
    std::string all;
    for (const std::string& line : label) all += line + "\n";
    EXPECT_NE(all.find("on global '"), std::string::npos) << all;
    distinct.insert(all);
  }
  EXPECT_EQ(distinct.size(), 8u);
  // A static of a function template: its last two scopes, no arguments.
  Finding templated = f[0];
  templated.detail =
      "global 'ns::Counter<ns::Name<5ul>{char [5]{(char)114}}>& "
      "ns::(anonymous namespace)::Shared<ns::V<5ul>>(ns::Ctx const&)::counter'";
  const auto label = FindingLabels({templated}).at(0);
  EXPECT_EQ(label.back(), "on global 'Shared::counter'");
  std::ostringstream table;
  PrintFindings(table, "tsan_target", f, 1);
  EXPECT_NE(table.str().find("8 finding(s) in 1 run(s)"), std::string::npos);
  EXPECT_NE(table.str().find("atomic write CopyCell"), std::string::npos)
      << table.str();
}

}  // namespace
}  // namespace mt::harness
