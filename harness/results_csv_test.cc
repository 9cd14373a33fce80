// run.json to CSV: GB's fields, a column per counter, quoting.
#include "harness/results_csv.h"

#include <gtest/gtest.h>

namespace mt::harness {
namespace {

TEST(ResultsCsv, OneRowPerBenchmarkAndAColumnPerCounter) {
  const nlohmann::json run = nlohmann::json::parse(R"({"benchmarks": [
    {"name": "a/x", "run_name": "a/x", "run_type": "iteration",
     "threads": 1, "iterations": 10, "real_time": 1.5, "cpu_time": 1.25,
     "time_unit": "ns", "lost": 3, "family_index": 0},
    {"name": "b/y,z", "run_type": "iteration", "threads": 2,
     "iterations": 4, "real_time": 2, "cpu_time": 2, "time_unit": "us",
     "items_per_second": 5e6, "lost": null,
     "error_message": "said \"no\""}]})");
  const std::string csv = ToCsv(run);
  std::istringstream lines(csv);
  std::string header, first, second;
  std::getline(lines, header);
  std::getline(lines, first);
  std::getline(lines, second);
  EXPECT_EQ(header.rfind("name,run_name,run_type,", 0), 0u);
  EXPECT_NE(header.find(",lost,items_per_second"), std::string::npos);
  EXPECT_EQ(header.find("family_index"), std::string::npos);
  EXPECT_EQ(first.rfind("a/x,a/x,iteration,,,,1,10,1.5,1.25,ns,,,3,", 0), 0u)
      << first;
  EXPECT_EQ(second.rfind("\"b/y,z\",", 0), 0u) << second;
  EXPECT_NE(second.find("\"said \"\"no\"\"\",,5000000.0"), std::string::npos)
      << second;
}

TEST(ResultsCsv, NoBenchmarksGivesTheHeaderOnly) {
  EXPECT_EQ(ToCsv(nlohmann::json::object()).find('\n'),
            ToCsv(nlohmann::json::object()).size() - 1);
}

}  // namespace
}  // namespace mt::harness
