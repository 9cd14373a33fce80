// Which paths may be run as Google Benchmark binaries, and the exact filter
// that reruns the benchmarks a crash left unfinished.
#include "harness/bench_program.h"

#include <gtest/gtest.h>
#include <regex.h>
#include <stdlib.h>
#include <unistd.h>

#include <fstream>

namespace mt::harness {
namespace {

bool Matches(const std::string& filter, const std::string& name) {
  regex_t re;
  EXPECT_EQ(regcomp(&re, filter.c_str(), REG_EXTENDED | REG_NOSUB), 0);
  const bool hit = regexec(&re, name.c_str(), 0, nullptr, 0) == 0;
  regfree(&re);
  return hit;
}

TEST(ExactFilter, SelectsExactlyTheNamesGiven) {
  const std::string f = ExactFilter(
      {"BM_Sort<int>/8", "BM_x.y/threads:2", "BM_(a|b)*+?[1]{2}^$\\"});
  EXPECT_TRUE(Matches(f, "BM_Sort<int>/8"));
  EXPECT_TRUE(Matches(f, "BM_x.y/threads:2"));
  EXPECT_TRUE(Matches(f, "BM_(a|b)*+?[1]{2}^$\\"));
  EXPECT_FALSE(Matches(f, "BM_Sort<int>/80"));   // anchored
  EXPECT_FALSE(Matches(f, "xBM_Sort<int>/8"));   // anchored
  EXPECT_FALSE(Matches(f, "BM_xzy/threads:2"));  // '.' escaped
  EXPECT_FALSE(Matches(f, "BM_a"));              // '(|)' escaped
}

TEST(CheckGbenchBinary, SaysWhatWasExpected) {
  const char* expected = "expected a Google Benchmark binary";
  EXPECT_NE(CheckGbenchBinary("/no/such/file").find(expected),
            std::string::npos);
  EXPECT_NE(CheckGbenchBinary("/bin/true").find("not a Google Benchmark"),
            std::string::npos);
  EXPECT_NE(CheckGbenchBinary("/tmp").find("not a file"), std::string::npos);
  char path[] = "/tmp/mtbench-check-XXXXXX";
  const int fd = mkstemp(path);
  ASSERT_GE(fd, 0);
  close(fd);
  std::ofstream(path) << "#!/bin/sh\n";
  EXPECT_NE(CheckGbenchBinary(path).find("not executable"), std::string::npos);
  chmod(path, 0755);
  EXPECT_NE(CheckGbenchBinary(path).find("not an ELF file"), std::string::npos);
  unlink(path);
}

TEST(CheckGbenchBinary, AcceptsAProgramLinkingGoogleBenchmark) {
  // The harness test itself links benchmark::benchmark.
  EXPECT_EQ(CheckGbenchBinary("/proc/self/exe"), "");
}

}  // namespace
}  // namespace mt::harness
