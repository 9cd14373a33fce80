// Tests for the TSan report and gdb backtrace parser, on reports recorded
// from tools/tsan_target (harness/testdata/tsan/record.sh): each kind, and
// the same bug recorded twice with other pids, thread ids and addresses.
#include "harness/tsan_report.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <regex>
#include <set>
#include <sstream>

namespace mt::harness {
namespace {

std::string Recorded(const std::string& name) {
  const auto path =
      std::filesystem::path(__FILE__).parent_path() / "testdata/tsan" / name;
  std::ifstream in(path);
  EXPECT_TRUE(in) << "missing test data " << path;
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

std::vector<const Stack*> Primary(const TsanReport& r) {
  std::vector<const Stack*> out;
  for (const Stack& s : r.stacks) {
    if (s.primary) out.push_back(&s);
  }
  return out;
}

// The first key frame of each primary stack.
std::set<std::string> TopKeys(const TsanReport& r) {
  std::set<std::string> out;
  for (const Stack* s : Primary(r)) out.insert(KeyFrames(*s, 1).at(0));
  return out;
}

TsanReport Only(const std::string& file) {
  std::vector<TsanReport> reports = ParseTsanLog(Recorded(file));
  EXPECT_EQ(reports.size(), 1u) << file;
  return reports.empty() ? TsanReport{} : reports[0];
}

TEST(ParseTsanLog, DataRace) {
  TsanReport r = Only("race-wr.0.txt");
  EXPECT_EQ(r.kind, "data race");
  EXPECT_EQ(r.location,
            "global '(anonymous namespace)::shared_value' of size 4");
  ASSERT_EQ(Primary(r).size(), 2u);
  EXPECT_EQ(Primary(r)[0]->title.rfind("Read of size 4 at 0x", 0), 0u);
  EXPECT_EQ(Primary(r)[1]->title.rfind("Previous write of size 4", 0), 0u);
  EXPECT_EQ(TopKeys(r),
            (std::set<std::string>{
                "(anonymous namespace)::Bump() tsan_target.cc:23",
                "(anonymous namespace)::Peek() tsan_target.cc:24"}));
  // Context is kept but is not primary: the sleep, thread creations.
  EXPECT_EQ(r.stacks.size(), 5u);
}

TEST(ParseTsanLog, FramesKeepFunctionFileLineAndModule) {
  TsanReport r = Only("race-wr.0.txt");
  const Frame& f = Primary(r)[0]->frames.at(1);
  EXPECT_EQ(f.function, "(anonymous namespace)::Worker(bool, int)");
  EXPECT_EQ(f.line, 33);
  EXPECT_EQ(std::filesystem::path(f.file).filename(), "tsan_target.cc");
  EXPECT_EQ(f.module, "tsan_target");
  const Frame& bottom = Primary(r)[0]->frames.back();
  EXPECT_EQ(bottom.function, "<null>");
  EXPECT_EQ(bottom.module, "libstdc++.so.6");
  EXPECT_FALSE(IsUserFrame(bottom));
}

TEST(ParseTsanLog, LockOrderInversionNamesBothAcquisitions) {
  TsanReport r = Only("lock-order.0.txt");
  EXPECT_EQ(r.kind, "lock-order inversion");
  EXPECT_EQ(r.headline, "lock-order-inversion (potential deadlock)");
  // The acquisitions that close the cycle; pthread, gthread and std::mutex
  // frames are skipped for the program's own.
  EXPECT_EQ(TopKeys(r),
            (std::set<std::string>{
                "(anonymous namespace)::LockAThenB() tsan_target.cc:66",
                "(anonymous namespace)::LockBThenA() tsan_target.cc:70"}));
}

TEST(ParseTsanLog, ThreadLeakIsItsCreationStack) {
  TsanReport r = Only("thread-leak.0.txt");
  EXPECT_EQ(r.kind, "thread leak");
  EXPECT_EQ(TopKeys(r),
            (std::set<std::string>{"(anonymous namespace)::ThreadLeak() "
                                   "tsan_target.cc:84"}));
}

TEST(ParseTsanLog, SignalUnsafeCallsAndErrno) {
  std::vector<TsanReport> reports =
      ParseTsanLog(Recorded("signal-unsafe.0.txt"));
  ASSERT_EQ(reports.size(), 3u);
  EXPECT_EQ(reports[0].kind, "signal-unsafe call");
  EXPECT_EQ(reports[1].kind, "signal-unsafe call");
  EXPECT_EQ(reports[2].kind, "signal handler spoils errno");
  EXPECT_EQ(Primary(reports[0]).at(0)->frames.at(0).function, "malloc");
  EXPECT_EQ(Primary(reports[1]).at(0)->frames.at(0).function, "free");
  // malloc and free in one handler are two bugs, not one.
  EXPECT_NE(Signature(reports[0].kind, reports[0].stacks),
            Signature(reports[1].kind, reports[1].stacks));
}

TEST(ParseTsanLog, UseAfterFree) {
  TsanReport r = Only("use-after-free.0.txt");
  EXPECT_EQ(r.kind, "use after free");
  ASSERT_EQ(Primary(r).size(), 2u);
  EXPECT_EQ(Primary(r)[1]->frames.at(0).function, "operator delete(void*)");
}

TEST(ParseTsanLog, MutexMisuse) {
  EXPECT_EQ(Only("unlock-unlocked.0.txt").kind, "unlock of an unlocked mutex");
  TsanReport r = Only("destroy-locked.0.txt");
  EXPECT_EQ(r.kind, "destroy of a locked mutex");
  ASSERT_EQ(Primary(r).size(), 1u);  // "and:" (where it was locked) is context
  EXPECT_EQ(Primary(r)[0]->frames.at(0).function, "pthread_mutex_destroy");
}

TEST(ParseTsanLog, DeadlySignal) {
  TsanReport r = Only("segv.0.txt");
  EXPECT_EQ(r.kind, "crash (SEGV)");
  EXPECT_EQ(r.headline, "SEGV on unknown address");
  EXPECT_EQ(TopKeys(r),
            (std::set<std::string>{
                "(anonymous namespace)::Segv() tsan_target.cc:156"}));
}

TEST(ParseTsanLog, IgnoresTextAroundReports) {
  std::string text = "program output\n" + Recorded("race-wr.0.txt") +
                     "more output\n" + Recorded("thread-leak.0.txt");
  std::vector<TsanReport> reports = ParseTsanLog(text);
  ASSERT_EQ(reports.size(), 2u);
  EXPECT_EQ(reports[1].kind, "thread leak");
  EXPECT_TRUE(ParseTsanLog("no reports here\n").empty());
}

const char* const kKinds[] = {
    "race-wr",        "lock-order",      "thread-leak",    "signal-unsafe",
    "use-after-free", "unlock-unlocked", "destroy-locked", "segv"};

std::vector<std::string> Signatures(const std::string& file) {
  std::vector<std::string> out;
  for (const TsanReport& r : ParseTsanLog(Recorded(file)))
    out.push_back(Signature(r.kind, r.stacks));
  return out;
}

// Two runs with 3 idle threads started first in one of them: other pids,
// thread ids and addresses, the same signature.
TEST(Signature, StableAcrossRuns) {
  for (const char* kind : kKinds) {
    std::string a = std::string(kind) + ".0.txt",
                b = std::string(kind) + ".3.txt";
    ASSERT_NE(Recorded(a), Recorded(b)) << kind << ": recordings identical";
    EXPECT_EQ(Signatures(a), Signatures(b)) << kind;
  }
}

TEST(Signature, IgnoresWhichThreadCameFirst) {
  // Read-after-write and write-after-read of the same pair of lines.
  EXPECT_EQ(Signatures("race-wr.0.txt"), Signatures("race-rw.3.txt"));
}

TEST(Signature, DistinguishesBugs) {
  std::set<std::string> all;
  size_t reports = 0;
  for (const char* kind : kKinds) {
    for (const std::string& s : Signatures(std::string(kind) + ".0.txt")) {
      all.insert(s);
      ++reports;
    }
  }
  EXPECT_EQ(all.size(), reports);
  EXPECT_EQ(Signatures("race-wr.0.txt").at(0).size(), 16u);
}

TEST(Signature, TextNamesKindAndKeyFrames) {
  TsanReport r = Only("lock-order.0.txt");
  EXPECT_EQ(SignatureText(r.kind, r.stacks),
            "lock-order inversion\n"
            "(anonymous namespace)::LockAThenB() tsan_target.cc:66\n"
            "(anonymous namespace)::LockBThenA() tsan_target.cc:70");
}

TEST(KeyFrames, FallsBackToNamedFramesWithoutDebugInfo) {
  Stack s{"", {{"<null>", "", 0, "a.out"}, {"Foo()", "", 0, "a.out"}}, true};
  EXPECT_EQ(KeyFrames(s), (std::vector<std::string>{"Foo() (a.out)"}));
}

TEST(ParseGdbBacktraces, OneStackPerThreadUserThreadsPrimary) {
  std::vector<Stack> stacks = ParseGdbBacktraces(Recorded("hang.gdb.txt"));
  ASSERT_EQ(stacks.size(), 4u);  // two deadlocked, main, TSan's background
  int primary = 0;
  for (const Stack& s : stacks) primary += s.primary;
  EXPECT_EQ(primary, 3);
  const Frame& f = stacks[0].frames.at(4);
  EXPECT_EQ(f.function, "pthread_mutex_lock");
  EXPECT_EQ(f.line, 0);
  const std::vector<std::string> keys = KeyFrames(stacks[0], 1);
  ASSERT_EQ(keys.size(), 1u);
  EXPECT_EQ(keys[0].find("(anonymous namespace)::Hang()::$_"), 0u);
  EXPECT_NE(keys[0].find("tsan_target.cc:"), std::string::npos);
}

TEST(ParseGdbBacktraces, SignatureIgnoresAddressesAndLwps) {
  std::string text = Recorded("hang.gdb.txt");
  std::string other =
      std::regex_replace(text, std::regex("0x[0-9a-f]+"), "0x1234");
  other = std::regex_replace(other, std::regex("LWP [0-9]+"), "LWP 99");
  EXPECT_NE(text, other);
  EXPECT_EQ(Signature("hang", ParseGdbBacktraces(text)),
            Signature("hang", ParseGdbBacktraces(other)));
}

TEST(ShortFunctionName, KeepsTheLastTwoScopes) {
  EXPECT_EQ(ShortFunctionName("mt::workloads::RacyCounter::Increment()"),
            "RacyCounter::Increment");
  EXPECT_EQ(ShortFunctionName(
                "void mt::scenarios::(anonymous namespace)::AddShared<mt::"
                "workloads::RacyCounter>(mt::harness::ScenarioContext "
                "const&)::'lambda'(mt::workloads::RacyCounter&, "
                "int)::operator()(mt::workloads::RacyCounter&, int) const"),
            "'lambda'::operator()");
  EXPECT_EQ(ShortFunctionName("(anonymous namespace)::Peek()"), "Peek");
  EXPECT_EQ(ShortFunctionName("main"), "main");
  EXPECT_EQ(ShortFunctionName("operator delete(void*)"), "operator delete");
}

TEST(NormaliseKind, KnownAndUnknownHeadlines) {
  EXPECT_EQ(NormaliseKind("data race on vptr (ctor/dtor vs virtual call)"),
            "data race on vptr");
  EXPECT_EQ(NormaliseKind("heap-use-after-free (virtual call vs free)"),
            "use after free");
  EXPECT_EQ(NormaliseKind("double lock of a mutex"), "double lock");
  EXPECT_EQ(NormaliseKind("BUS on unknown address"), "crash (BUS)");
  EXPECT_EQ(NormaliseKind("something new (detail)"), "something new");
}

}  // namespace
}  // namespace mt::harness
