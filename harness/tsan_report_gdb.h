// gdb's `thread apply all bt` of a hung program parsed into one stack per
// thread, the same Stack a ThreadSanitizer report gives, so a hang gets a
// signature like any report.
#pragma once

#include <string>
#include <vector>

#include "harness/tsan_report_frames.h"

namespace mt::harness {

// One stack per thread; threads with frames in user code are primary.
std::vector<Stack> ParseGdbBacktraces(const std::string& text);

}  // namespace mt::harness
