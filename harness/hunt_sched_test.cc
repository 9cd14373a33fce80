// The scheduler's summary.json read into observations: recorded summaries
// of preload/sched/tests/abba (AB/BA) under the tsan preset (symbolised)
// and the release preset (module+offset only), and of a clean exit.
#include "harness/hunt_sched.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <utility>

#include "harness/tsan_report_signature.h"
#include "harness/tsan_report_testing.h"

namespace mt::harness {
namespace {

namespace fs = std::filesystem;

// `text` as a run's sched/summary.json ("" : none), read back.
SchedSummary ReadText(const std::string& text) {
  static int serial = 0;
  const fs::path dir = fs::temp_directory_path() /
                       ("hunt_sched_test." + std::to_string(getpid()) + "." +
                        std::to_string(serial++));
  fs::create_directories(dir);
  if (!text.empty()) std::ofstream(dir / "summary.json") << text;
  SchedSummary s =
      ReadSchedSummary(dir.string(), "t/run-001/sched/summary.json");
  fs::remove_all(dir);
  return s;
}

// The recorded summary `name`.
SchedSummary Read(const std::string& name) { return ReadText(Recorded(name)); }

TEST(ReadSchedSummary, DeadlockWithEachBlockedThreadsStack) {
  SchedSummary s = Read("sched/deadlock.summary.json");
  ASSERT_TRUE(s.present);
  EXPECT_EQ(s.outcome, "deadlock");
  EXPECT_EQ(s.steps, 9);
  ASSERT_TRUE(s.reported);
  const Observation& o = s.report;
  EXPECT_EQ(o.kind, "deadlock");
  EXPECT_EQ(o.source, "t/run-001/sched/summary.json");
  EXPECT_EQ(o.detail, "waits: join mutex");
  EXPECT_NE(o.headline.find("no enabled thread at step 9"), std::string::npos);
  ASSERT_EQ(o.stacks.size(), 3u);
  EXPECT_TRUE(o.stacks[1].primary);
  EXPECT_EQ(o.stacks[1].title, "thread 1 blocked in lock, waits for mutex");
  const Frame& top = o.stacks[1].frames.at(0);
  EXPECT_EQ(top.function, "(anonymous namespace)::Forward(void*)");
  EXPECT_EQ(Basename(top.file), "abba.cc");
  EXPECT_EQ(top.line, 14);
  // A frame the symbolizer knew no line for keeps its function name only.
  EXPECT_EQ(o.stacks[0].frames.back().function, "_start");
  // libc's frames are the system's, not the program's own.
  EXPECT_EQ(o.stacks[0].frames.at(1).module, "libc.so.6");
  EXPECT_EQ(KeyFrames(o.stacks[1]),
            std::vector<std::string>{
                "(anonymous namespace)::Forward(void*) abba.cc:14"});
  EXPECT_EQ(o.signature.size(), 16u);
}

TEST(ReadSchedSummary, SignatureIgnoresThreadOrderAndAddresses) {
  SchedSummary a = Read("sched/deadlock.summary.json");
  std::string text = Recorded("sched/deadlock.summary.json");
  // Another run: other tids, objects and thread numbers, the same code.
  nlohmann::json j = nlohmann::json::parse(text);
  auto& threads = j["report"]["threads"];
  std::swap(threads[1], threads[2]);
  for (auto& t : threads) {
    t["tid"] = t["tid"].get<int>() + 100;
    t["object"] = "0x1234";
  }
  SchedSummary b = ReadText(j.dump());
  EXPECT_EQ(a.report.signature, b.report.signature);
}

TEST(ReadSchedSummary, UnsymbolisedFramesNamedByModuleAndOffset) {
  SchedSummary s = Read("sched/deadlock_nosym.summary.json");
  ASSERT_TRUE(s.reported);
  const Frame& top = s.report.stacks.at(1).frames.at(0);
  EXPECT_EQ(top.function.rfind("abba+0x", 0), 0u) << top.function;
  EXPECT_EQ(top.line, 0);
  // Two threads blocked at different call sites: their keys differ.
  EXPECT_NE(StackKey(s.report.stacks[1]), StackKey(s.report.stacks[2]));
}

TEST(ReadSchedSummary, CleanExitHasStepsAndNoReport) {
  SchedSummary s = Read("sched/exit.summary.json");
  ASSERT_TRUE(s.present);
  EXPECT_EQ(s.outcome, "exit");
  EXPECT_GT(s.steps, 0);
  EXPECT_FALSE(s.reported);
}

TEST(ReadSchedSummary, MissingOrForeignFileIsNotPresent) {
  EXPECT_FALSE(ReadText("").present);
  EXPECT_FALSE(ReadText(R"({"format": "other/1"})").present);
  EXPECT_FALSE(ReadText("{not json").present);
}

}  // namespace
}  // namespace mt::harness
