// PATH lookup finds what a shell would and nothing that is not executable.
#include "workloads/process/exec_path.h"

#include <gtest/gtest.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include <fstream>
#include <string>

namespace mt::workloads {
namespace {

class ExecPathTest : public ::testing::Test {
 protected:
  void SetUp() override {
    char tmpl[] = "/tmp/exec_path_testXXXXXX";
    dir_ = mkdtemp(tmpl);
    std::ofstream(dir_ + "/runnable") << "#!/bin/sh\n";
    chmod((dir_ + "/runnable").c_str(), 0755);
    std::ofstream(dir_ + "/plain") << "text\n";
    const char* old = getenv("PATH");
    saved_ = old ? old : "";
    setenv("PATH", ("/no/such/dir::" + dir_).c_str(), 1);
  }
  void TearDown() override {
    setenv("PATH", saved_.c_str(), 1);
    unlink((dir_ + "/runnable").c_str());
    unlink((dir_ + "/plain").c_str());
    rmdir(dir_.c_str());
  }
  std::string dir_, saved_;
};

TEST_F(ExecPathTest, FindsAnExecutableInAPathFolder) {
  EXPECT_EQ(FindOnPath("runnable"), dir_ + "/runnable");
}

TEST_F(ExecPathTest, SkipsFilesThatCannotBeRun) {
  EXPECT_EQ(FindOnPath("plain"), "");
  EXPECT_EQ(FindOnPath("no-such-program"), "");
  EXPECT_EQ(FindOnPath(""), "");
}

TEST_F(ExecPathTest, TakesAPathAsItIs) {
  EXPECT_EQ(FindOnPath(dir_ + "/runnable"), dir_ + "/runnable");
  EXPECT_EQ(FindOnPath(dir_ + "/plain"), "");
}

}  // namespace
}  // namespace mt::workloads
