// Test data of the hunt's parsers: files recorded under harness/testdata/
// (tsan/: ThreadSanitizer logs and gdb backtraces of tools/tsan_target;
// hunt/: outputs and /proc lines of tools/fail_target and others).
#pragma once

#include <gtest/gtest.h>

#include <filesystem>
#include <string>

#include "harness/run_folder.h"

namespace mt::harness {

// The recorded file `name` (e.g. "tsan/race-wr.0.txt"), failing the test
// when it is missing.
inline std::string Recorded(const std::string& name) {
  const auto path =
      std::filesystem::path(__FILE__).parent_path() / "testdata" / name;
  EXPECT_TRUE(std::filesystem::exists(path)) << "missing test data " << path;
  return ReadFile(path);
}

}  // namespace mt::harness
