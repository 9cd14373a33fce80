// Option parsing: both value spellings, switches, and clear usage errors.
#include "harness/flags.h"

#include <gtest/gtest.h>

namespace mt::harness {
namespace {

struct Parsed {
  std::string name;
  bool quick = false;
};

Flags MakeFlags(Parsed& p) {
  Flags f("mtbench test");
  f.Value("--name", "NAME", "a name",
          [&p](const std::string& v) -> std::string {
            if (v == "bad") return "accepted: anything but bad";
            p.name = v;
            return "";
          });
  f.Switch("--quick", "quick", [&p] { p.quick = true; });
  return f;
}

TEST(Flags, AcceptsSpaceAndEqualsSpellingsAndSwitches) {
  Parsed p;
  Flags f = MakeFlags(p);
  std::string error;
  ASSERT_TRUE(f.Parse({"--name", "a", "--quick"}, &error)) << error;
  EXPECT_EQ(p.name, "a");
  EXPECT_TRUE(p.quick);
  ASSERT_TRUE(f.Parse({"--name=b"}, &error)) << error;
  EXPECT_EQ(p.name, "b");
}

TEST(Flags, UnknownOptionNamesWhatIsAccepted) {
  Parsed p;
  Flags f = MakeFlags(p);
  std::string error;
  EXPECT_FALSE(f.Parse({"--nmae", "a"}, &error));
  EXPECT_NE(error.find("unknown option '--nmae'"), std::string::npos) << error;
  EXPECT_NE(error.find("--name --quick"), std::string::npos) << error;
}

TEST(Flags, BadValuesAndMissingValuesAreExplained) {
  Parsed p;
  Flags f = MakeFlags(p);
  std::string error;
  EXPECT_FALSE(f.Parse({"--name", "bad"}, &error));
  EXPECT_NE(error.find("accepted: anything but bad"), std::string::npos)
      << error;
  EXPECT_FALSE(f.Parse({"--name"}, &error));
  EXPECT_NE(error.find("needs a value"), std::string::npos) << error;
  EXPECT_FALSE(f.Parse({"--quick=yes"}, &error));
  EXPECT_NE(error.find("takes no value"), std::string::npos) << error;
}

TEST(Flags, HelpAndRestAfterDoubleDash) {
  Parsed p;
  Flags f = MakeFlags(p);
  std::string error;
  ASSERT_TRUE(f.Parse({"--help", "--", "prog", "--x"}, &error));
  EXPECT_TRUE(f.help_requested());
  EXPECT_EQ(f.rest(), (std::vector<std::string>{"prog", "--x"}));
  EXPECT_NE(f.Help().find("--name NAME"), std::string::npos);
}

TEST(Flags, IntOptionsSayTheAcceptedRange) {
  long got = 0;
  Flags f("mtbench test");
  f.Int("--n", "N", "a count", 1, 9, [&got](long n) { got = n; });
  std::string error;
  ASSERT_TRUE(f.Parse({"--n", "7"}, &error)) << error;
  EXPECT_EQ(got, 7);
  EXPECT_FALSE(f.Parse({"--n", "10"}, &error));
  EXPECT_NE(error.find("accepted: 1 to 9"), std::string::npos) << error;
}

TEST(ParseInt, AcceptsOnlyWholeNumbersInRange) {
  long v = 0;
  EXPECT_TRUE(ParseInt("12", 1, 20, &v));
  EXPECT_EQ(v, 12);
  EXPECT_FALSE(ParseInt("12x", 1, 20, &v));
  EXPECT_FALSE(ParseInt("", 1, 20, &v));
  EXPECT_FALSE(ParseInt("0", 1, 20, &v));
  EXPECT_FALSE(ParseInt("99999999999999999999", 1, 20, &v));
}

}  // namespace
}  // namespace mt::harness
