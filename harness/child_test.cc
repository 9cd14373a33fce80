// The child protocol round-trips: what the runner writes, the child reads.
#include "harness/child.h"

#include <gtest/gtest.h>

namespace mt::harness {
namespace {

ChildOptions Everything() {
  ChildOptions o;
  o.scenario = "counter";
  o.filter = "^counter/(racy|mutex)/.*threads:2$";
  o.pins = {PinPolicy::kScatter, PinPolicy::kNone};
  o.pins_given = true;
  o.quick = true;
  o.repetitions = 9;
  o.random_interleaving = true;
  o.benchmark_json = "/tmp/run dir/counter.benchmark.json";
  o.sidecar_json = "/tmp/run dir/counter.claims.json";
  o.facts = {2, 1.2345678901234567, 13.949999999999999};
  o.benchmark_flags = {"--benchmark_min_warmup_time=0.5", "--", "-x"};
  o.list_only = true;
  return o;
}

ChildOptions RoundTrip(const ChildOptions& o) {
  ChildOptions back;
  std::string error;
  EXPECT_TRUE(ChildOptions::Parse(o.ToArgs(), &back, &error)) << error;
  return back;
}

TEST(ChildOptionsTest, EveryFieldRoundTrips) {
  const ChildOptions o = Everything();
  EXPECT_EQ(RoundTrip(o), o);
}

TEST(ChildOptionsTest, DefaultsRoundTrip) {
  ChildOptions o;
  o.scenario = "spawn";
  EXPECT_EQ(RoundTrip(o), o);
  // The default pin list is not written: the child uses the scenario's own.
  for (const std::string& a : o.ToArgs()) EXPECT_NE(a, "--pin");
}

TEST(ChildOptionsTest, EachFieldChangesTheArguments) {
  // A field that ToArgs() forgot would round-trip to its default: every
  // field set alone must survive.
  const ChildOptions all = Everything();
  ChildOptions base;
  base.scenario = all.scenario;
  std::vector<ChildOptions> singles(11, base);
  singles[0].filter = all.filter;
  singles[1].pins = all.pins, singles[1].pins_given = true;
  singles[2].quick = true;
  singles[3].repetitions = all.repetitions;
  singles[4].random_interleaving = true;
  singles[5].benchmark_json = all.benchmark_json;
  singles[6].sidecar_json = all.sidecar_json;
  singles[7].facts = all.facts;
  singles[8].benchmark_flags = all.benchmark_flags;
  singles[9].facts.pus = 64;
  singles[10].list_only = true;
  for (const ChildOptions& one : singles) {
    EXPECT_NE(one, base);
    EXPECT_EQ(RoundTrip(one), one);
  }
}

TEST(ChildOptionsTest, RejectsWhatItDidNotWrite) {
  ChildOptions o;
  std::string error;
  EXPECT_FALSE(ChildOptions::Parse({"--filter", "."}, &o, &error));
  EXPECT_NE(error.find("--scenario"), std::string::npos);
  EXPECT_FALSE(ChildOptions::Parse({"--scenario", "x", "--machine", "2,1.5"},
                                   &o, &error));
  EXPECT_NE(error.find("PUS,SPEEDUP,LOAD"), std::string::npos);
  EXPECT_FALSE(
      ChildOptions::Parse({"--scenario", "x", "--pin", "tight"}, &o, &error));
  EXPECT_NE(error.find("compact, scatter, none"), std::string::npos);
  EXPECT_FALSE(ChildOptions::Parse({"--scenario", "x", "--repetitions", "0"},
                                   &o, &error));
}

}  // namespace
}  // namespace mt::harness
