// Tests for the TSan report parser, on reports recorded from
// tools/tsan_target (harness/testdata/tsan/record.sh): each kind in TSan's
// own words, the stacks that name the bug, frames and locations.
#include "harness/tsan_report.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <set>

#include "harness/tsan_report_signature.h"
#include "harness/tsan_report_testing.h"

namespace mt::harness {
namespace {

std::string Log(const std::string& name) { return Recorded("tsan/" + name); }

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
  std::vector<TsanReport> reports = ParseTsanLog(Log(file));
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
  EXPECT_EQ(r.kind, "lock-order-inversion");  // TSan's own words
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
  std::vector<TsanReport> reports = ParseTsanLog(Log("signal-unsafe.0.txt"));
  ASSERT_EQ(reports.size(), 3u);
  EXPECT_EQ(reports[0].kind, "signal-unsafe call inside of a signal");
  EXPECT_EQ(reports[1].kind, "signal-unsafe call inside of a signal");
  EXPECT_EQ(reports[2].kind, "signal handler spoils errno");
  EXPECT_EQ(Primary(reports[0]).at(0)->frames.at(0).function, "malloc");
  EXPECT_EQ(Primary(reports[1]).at(0)->frames.at(0).function, "free");
  // malloc and free in one handler are two bugs, not one.
  EXPECT_NE(Signature(reports[0].kind, reports[0].detail, reports[0].stacks),
            Signature(reports[1].kind, reports[1].detail, reports[1].stacks));
}

TEST(ParseTsanLog, UseAfterFree) {
  TsanReport r = Only("use-after-free.0.txt");
  EXPECT_EQ(r.kind, "heap-use-after-free");
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
  EXPECT_EQ(r.kind, "crash");
  EXPECT_EQ(r.headline, "SEGV on unknown address");
  EXPECT_EQ(r.detail, "SIGSEGV");
  EXPECT_EQ(TopKeys(r),
            (std::set<std::string>{
                "(anonymous namespace)::Segv() tsan_target.cc:156"}));
}

TEST(ParseTsanLog, IgnoresTextAroundReports) {
  std::string text = "program output\n" + Log("race-wr.0.txt") +
                     "more output\n" + Log("thread-leak.0.txt");
  std::vector<TsanReport> reports = ParseTsanLog(text);
  ASSERT_EQ(reports.size(), 2u);
  EXPECT_EQ(reports[1].kind, "thread leak");
  EXPECT_TRUE(ParseTsanLog("no reports here\n").empty());
}

TEST(NormaliseKind, TsanOwnWordsVptrIsADataRaceSignalsAreCrashes) {
  EXPECT_EQ(NormaliseKind("data race on vptr (ctor/dtor vs virtual call)"),
            "data race");
  EXPECT_EQ(NormaliseKind("lock-order-inversion (potential deadlock)"),
            "lock-order-inversion");
  EXPECT_EQ(NormaliseKind("heap-use-after-free (virtual call vs free)"),
            "heap-use-after-free");
  EXPECT_EQ(NormaliseKind("double lock of a mutex"), "double lock of a mutex");
  EXPECT_EQ(NormaliseKind("BUS on unknown address"), "crash");
  EXPECT_EQ(DeadlySignalOf("BUS on unknown address"), "SIGBUS");
  EXPECT_EQ(DeadlySignalOf("data race"), "");
  EXPECT_EQ(NormaliseKind("something new (detail)"), "something new");
}

TEST(ParseTsanLog, DataRaceDetailIsTheVariable) {
  TsanReport r = Only("race-wr.0.txt");
  EXPECT_EQ(r.detail, "global '(anonymous namespace)::shared_value'");
  EXPECT_EQ(Only("lock-order.0.txt").detail, "");
}

}  // namespace
}  // namespace mt::harness
