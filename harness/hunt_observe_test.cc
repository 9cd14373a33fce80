// Tests for observations of a run: assertions, exit statuses, crashes and
// TSan reports from recorded outputs (harness/testdata/hunt/record.sh), put
// into a run folder as a hunt leaves them.
#include "harness/hunt_observe.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <csignal>
#include <filesystem>
#include <fstream>

#include "harness/tsan_report_testing.h"

namespace mt::harness {
namespace {

namespace fs = std::filesystem;

// A run folder holding `output` as output.log and `tsan` as a TSan log.
class RunFolder {
 public:
  RunFolder(const std::string& output, const std::string& tsan) {
    dir_ = fs::temp_directory_path() /
           ("hunt_observe_test." + std::to_string(getpid()) + "." +
            std::to_string(serial_++));
    fs::create_directories(dir_);
    std::ofstream(dir_ / "output.log") << output;
    if (!tsan.empty()) std::ofstream(dir_ / "tsan.1234") << tsan;
  }
  ~RunFolder() { fs::remove_all(dir_); }
  RunRecord Observe(const std::string& outcome, int code, int signal = 0,
                    bool explained = false) const {
    RunRecord r;
    r.folder = "t/run-001";
    r.outcome = outcome;
    r.exit_code = code;
    r.signal = signal;
    ObserveRun(dir_, explained, &r);
    return r;
  }

 private:
  static inline int serial_ = 0;
  fs::path dir_;
};

TEST(ObserveRun, AssertionWithTsansStackOfTheAbort) {
  RunFolder run(Recorded("hunt/assert.output.txt"),
                Recorded("hunt/assert.tsan.txt"));
  RunRecord r = run.Observe("exited", kTsanExitCode);
  ASSERT_EQ(r.observations.size(), 1u);  // the abort's report is its stack
  const Observation& o = r.observations[0];
  EXPECT_EQ(o.kind, "assertion");
  EXPECT_NE(o.headline.find("fail_target.cc:24: void (anonymous "
                            "namespace)::CheckBalance(int): Assertion "
                            "`balance == expected"),
            std::string::npos)
      << o.headline;
  EXPECT_EQ(o.headline.find("fail_target: "), std::string::npos);
  ASSERT_FALSE(o.stacks.empty());
  EXPECT_EQ(o.source, "t/run-001/tsan.1234");
  std::vector<Frame> own = OwnFrames(o.stacks[0], 8);
  ASSERT_FALSE(own.empty());
  EXPECT_EQ(own[0].function, "(anonymous namespace)::CheckBalance(int)");
}

TEST(ObserveRun, AssertionWithoutTsanIsStillOne) {
  // TSan did not handle the abort: killed by SIGABRT, no stack.
  RunFolder run(Recorded("hunt/assert.output.txt"), "");
  RunRecord r = run.Observe("signalled", -1, SIGABRT);
  ASSERT_EQ(r.observations.size(), 1u);
  EXPECT_EQ(r.observations[0].kind, "assertion");
  EXPECT_TRUE(r.observations[0].stacks.empty());
}

TEST(ObserveRun, ExitStatusOfTheProgramsOwnCheck) {
  RunFolder a(Recorded("hunt/exit-status.output.txt"), "");
  RunFolder b("checked 2000 transfers\nlost 12 of 2000 updates\n", "");
  RunRecord ra = a.Observe("exited", 3), rb = b.Observe("exited", 3);
  ASSERT_EQ(ra.observations.size(), 1u);
  const Observation& o = ra.observations[0];
  EXPECT_EQ(o.kind, "exit status");
  EXPECT_EQ(o.headline.rfind("exit status 3: lost ", 0), 0u) << o.headline;
  // Other numbers in the message, the same finding; another status, not.
  EXPECT_EQ(o.signature, rb.observations.at(0).signature);
  EXPECT_NE(o.signature, b.Observe("exited", 4).observations.at(0).signature);
}

TEST(ObserveRun, TsansOwnExitStatusIsNoFinding) {
  RunFolder run("", Recorded("tsan/race-wr.0.txt"));
  RunRecord r = run.Observe("exited", kTsanExitCode);
  ASSERT_EQ(r.observations.size(), 1u);
  EXPECT_EQ(r.observations[0].kind, "data race");
  // 66 with no report at all is the program's own status.
  RunFolder bare("", "");
  EXPECT_EQ(bare.Observe("exited", kTsanExitCode).observations.at(0).kind,
            "exit status");
  EXPECT_TRUE(bare.Observe("exited", 0).observations.empty());
  // A strategy that explains the status (a scheduler's deadlock exit).
  EXPECT_TRUE(bare.Observe("exited", 86, 0, true).observations.empty());
}

TEST(ObserveRun, CrashBySignalTsanDidNotReport) {
  RunFolder run("working\n", "");
  RunRecord r = run.Observe("signalled", -1, SIGTERM);
  ASSERT_EQ(r.observations.size(), 1u);
  EXPECT_EQ(r.observations[0].kind, "crash");
  EXPECT_EQ(r.observations[0].detail, "SIGTERM");
  EXPECT_NE(r.observations[0].headline.find("last output: working"),
            std::string::npos);
  // A signal TSan reported (SEGV) is one crash, with its stack, not two.
  RunFolder segv("", Recorded("tsan/segv.0.txt"));
  RunRecord rs = segv.Observe("exited", kTsanExitCode);
  ASSERT_EQ(rs.observations.size(), 1u);
  EXPECT_EQ(rs.observations[0].kind, "crash");
  EXPECT_FALSE(rs.observations[0].stacks.empty());
}

TEST(ObserveHang, WaitsTellStacklessHangsApart) {
  Observation a = ObserveHang("blocked", "futex x3", "", "a"),
              b = ObserveHang("blocked again", "futex x3", "", "b"),
              c = ObserveHang("blocked", "read x1", "", "c");
  EXPECT_EQ(a.kind, "hang");
  EXPECT_EQ(a.signature, b.signature);
  EXPECT_NE(a.signature, c.signature);
  Observation g =
      ObserveHang("x", "futex x3", Recorded("tsan/hang.gdb.txt"), "g");
  EXPECT_FALSE(g.stacks.empty());
  EXPECT_EQ(g.detail, "");  // the stacks say it
}

TEST(FindAssertion, GlibcAndLibstdcxxForms) {
  EXPECT_EQ(FindAssertion("x\nprog: a.cc:5: void F(int): Assertion `v == 1' "
                          "failed.\n"),
            "a.cc:5: void F(int): Assertion `v == 1' failed.");
  EXPECT_EQ(FindAssertion("/usr/include/c++/12/bits/stl_vector.h:1123: "
                          "reference std::vector<int>::operator[](size_type): "
                          "Assertion '__n < this->size()' failed.\n"),
            "/usr/include/c++/12/bits/stl_vector.h:1123: reference "
            "std::vector<int>::operator[](size_type): Assertion '__n < "
            "this->size()' failed.");
  EXPECT_EQ(FindAssertion("all good\n"), "");
}

TEST(MaskNumbers, CountsPidsAndAddresses) {
  EXPECT_EQ(MaskNumbers("lost 37 of 2000 at 0x7ffe12"), "lost # of # at 0x#");
}

TEST(LastLines, SkipsBlankAndTsanLines) {
  EXPECT_EQ(LastLines("a\n\nb\nThreadSanitizer:DEADLYSIGNAL\nc\n", 2),
            (std::vector<std::string>{"b", "c"}));
}

}  // namespace
}  // namespace mt::harness
