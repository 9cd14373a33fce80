// Tests for signatures on recorded reports (harness/testdata/tsan): stable
// across runs, blind to which thread came first, and distinct for distinct
// bugs, including bugs that pass through one shared helper: five lock-order
// inversions under Transfer -> LockBoth -> Acquire, and eight races of
// different access types under Mirror -> Sync -> CopyCell (tools/
// tsan_target's lock-order-helper and races-helper modes). Before callers,
// access types and variables were part of it, those were 1 and 5 findings.
#include "harness/tsan_report_signature.h"

#include <gtest/gtest.h>

#include <set>

#include "harness/tsan_report.h"
#include "harness/tsan_report_testing.h"

namespace mt::harness {
namespace {

std::vector<TsanReport> Reports(const std::string& file) {
  return ParseTsanLog(Recorded("tsan/" + file));
}

std::vector<std::string> Signatures(const std::string& file) {
  std::vector<std::string> out;
  for (const TsanReport& r : Reports(file))
    out.push_back(Signature(r.kind, r.detail, r.stacks));
  return out;
}

const char* const kModes[] = {
    "race-wr",           "lock-order",      "thread-leak",    "signal-unsafe",
    "use-after-free",    "unlock-unlocked", "destroy-locked", "segv",
    "lock-order-helper", "races-helper"};

// Two runs with 3 idle threads started first in one of them: other pids,
// thread ids and addresses, the same signatures (as a set: the order in
// which a run reports independent bugs is chance).
TEST(Signature, StableAcrossRuns) {
  for (const char* mode : kModes) {
    std::string a = std::string(mode) + ".0.txt",
                b = std::string(mode) + ".3.txt";
    ASSERT_NE(Recorded("tsan/" + a), Recorded("tsan/" + b)) << mode;
    std::vector<std::string> sa = Signatures(a), sb = Signatures(b);
    EXPECT_EQ(std::set<std::string>(sa.begin(), sa.end()),
              std::set<std::string>(sb.begin(), sb.end()))
        << mode;
  }
}

TEST(Signature, IgnoresWhichThreadCameFirst) {
  // Read-after-write and write-after-read of the same pair of lines.
  EXPECT_EQ(Signatures("race-wr.0.txt"), Signatures("race-rw.3.txt"));
}

TEST(Signature, DistinguishesBugs) {
  std::set<std::string> all;
  size_t reports = 0;
  for (const char* mode : kModes) {
    for (const std::string& s : Signatures(std::string(mode) + ".0.txt")) {
      all.insert(s);
      ++reports;
    }
  }
  EXPECT_EQ(all.size(), reports);
  EXPECT_EQ(Signatures("race-wr.0.txt").at(0).size(), 16u);
}

TEST(Signature, FiveInversionsUnderOneHelperStayFive) {
  std::vector<std::string> s = Signatures("lock-order-helper.0.txt");
  ASSERT_EQ(s.size(), 5u);
  EXPECT_EQ(std::set<std::string>(s.begin(), s.end()).size(), 5u);
  // What tells them apart is beyond the three helper frames: the caller.
  const TsanReport r = Reports("lock-order-helper.0.txt").at(0);
  const std::string text = SignatureText(r.kind, r.detail, r.stacks);
  EXPECT_NE(text.find("::Acquire("), std::string::npos) << text;
  EXPECT_NE(text.find("::LockBoth("), std::string::npos);
  EXPECT_NE(text.find("LockOrderHelper()::$_"), std::string::npos) << text;
}

TEST(Signature, EightRacesOfDifferentAccessTypesStayEight) {
  std::vector<TsanReport> reports = Reports("races-helper.0.txt");
  ASSERT_EQ(reports.size(), 8u);
  std::set<std::string> signatures, accesses;
  for (const TsanReport& r : reports) {
    signatures.insert(Signature(r.kind, r.detail, r.stacks));
    std::string pair;
    for (const Stack& s : r.stacks) {
      if (s.primary) pair += AccessOf(s) + "/";
    }
    accesses.insert(pair);
  }
  EXPECT_EQ(signatures.size(), 8u);
  EXPECT_GE(accesses.size(), 4u);  // read, write, atomic read/write mixed
  EXPECT_EQ(reports[0].detail, "global '(anonymous namespace)::ledger'");
}

TEST(Signature, TextNamesKindAccessAndOwnChain) {
  const TsanReport lock = Reports("lock-order.0.txt").at(0);
  EXPECT_EQ(SignatureText(lock.kind, lock.detail, lock.stacks),
            "lock-order-inversion\n"
            "(anonymous namespace)::LockAThenB() tsan_target.cc:66\n"
            "(anonymous namespace)::LockBThenA() tsan_target.cc:70");
  const TsanReport race = Reports("race-wr.0.txt").at(0);
  EXPECT_EQ(SignatureText(race.kind, race.detail, race.stacks),
            "data race\n"
            "global '(anonymous namespace)::shared_value'\n"
            "read: (anonymous namespace)::Peek() tsan_target.cc:24 <- "
            "(anonymous namespace)::Worker(bool, int) tsan_target.cc:33\n"
            "write: (anonymous namespace)::Bump() tsan_target.cc:23 <- "
            "(anonymous namespace)::Worker(bool, int) tsan_target.cc:31");
}

TEST(AccessOf, ReadsTheTitle) {
  EXPECT_EQ(AccessOf({"Write of size 8 at 0x1 by thread T4", {}, true}),
            "write");
  EXPECT_EQ(
      AccessOf(
          {"Previous atomic read of size 4 at 0x1 by main thread", {}, true}),
      "atomic read");
  EXPECT_EQ(AccessOf({"Atomic write of size 4 at 0x1 by thread T1", {}, true}),
            "atomic write");
  EXPECT_EQ(
      AccessOf({"Mutex M1 acquired here while holding mutex M0", {}, true}),
      "");
}

TEST(LocationKey, NamesTheMemoryNotTheRun) {
  EXPECT_EQ(LocationKey("global 'x' of size 4"), "global 'x'");
  EXPECT_EQ(LocationKey("heap block of size 16 allocated by thread T3"),
            "heap block");
  EXPECT_EQ(LocationKey("stack of thread T1"), "stack");
  EXPECT_EQ(LocationKey("file descriptor 7 created by main thread at"),
            "file descriptor");
  EXPECT_EQ(LocationKey(""), "");
}

TEST(HashText, SixteenHexDigitsStable) {
  EXPECT_EQ(HashText("data race"), HashText("data race"));
  EXPECT_NE(HashText("data race"), HashText("data race "));
  EXPECT_EQ(HashText("").size(), 16u);
}

}  // namespace
}  // namespace mt::harness
