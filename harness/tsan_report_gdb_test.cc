// Tests for gdb's backtraces of a hung program (recorded by
// harness/testdata/tsan/record.sh from tools/tsan_target's hang mode).
#include "harness/tsan_report_gdb.h"

#include <gtest/gtest.h>

#include <regex>

#include "harness/tsan_report_signature.h"
#include "harness/tsan_report_testing.h"

namespace mt::harness {
namespace {

TEST(ParseGdbBacktraces, OneStackPerThreadUserThreadsPrimary) {
  std::vector<Stack> stacks = ParseGdbBacktraces(Recorded("tsan/hang.gdb.txt"));
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
  std::string text = Recorded("tsan/hang.gdb.txt");
  std::string other =
      std::regex_replace(text, std::regex("0x[0-9a-f]+"), "0x1234");
  other = std::regex_replace(other, std::regex("LWP [0-9]+"), "LWP 99");
  EXPECT_NE(text, other);
  EXPECT_EQ(Signature("hang", "", ParseGdbBacktraces(text)),
            Signature("hang", "", ParseGdbBacktraces(other)));
}

}  // namespace
}  // namespace mt::harness
