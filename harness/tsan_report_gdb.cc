// Parsing gdb's `backtrace` lines: "#N [0xADDR in ]FUNCTION (ARGS) [at
// FILE:LINE | from MODULE]", under "Thread N (...):" headers.
#include "harness/tsan_report_gdb.h"

#include <algorithm>
#include <regex>
#include <sstream>

namespace mt::harness {
namespace {

// Removes the trailing "(...)" argument list of a gdb frame, balancing
// parentheses: "ns::F(int) const (this=0x1)" -> "ns::F(int) const".
std::string StripGdbArguments(std::string text) {
  text = TrimSpace(text);
  if (text.empty() || text.back() != ')') return text;
  int depth = 0;
  for (size_t i = text.size(); i-- > 0;) {
    if (text[i] == ')') ++depth;
    if (text[i] == '(' && --depth == 0) return TrimSpace(text.substr(0, i));
  }
  return text;
}

Frame ParseGdbFrame(std::string text) {
  static const std::regex address(R"(^0x[0-9a-fA-F]+ in )");
  text = std::regex_replace(TrimSpace(text), address, "");
  Frame f;
  size_t at = text.rfind(" at ");
  size_t from = text.rfind(" from ");
  if (at != std::string::npos && (from == std::string::npos || at > from)) {
    ParseFileLine(TrimSpace(text.substr(at + 4)), &f);
    text.resize(at);
  } else if (from != std::string::npos) {
    f.module = Basename(TrimSpace(text.substr(from + 6)));
    text.resize(from);
  }
  f.function = StripGdbArguments(text);
  return f;
}

}  // namespace

std::vector<Stack> ParseGdbBacktraces(const std::string& text) {
  static const std::regex thread(R"(^(Thread \d+ \(.*\)):\s*$)");
  static const std::regex frame(R"(^#\d+\s+(.*)$)");
  std::vector<Stack> stacks;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) {
    std::smatch m;
    if (std::regex_match(line, m, thread)) {
      stacks.push_back({m[1], {}, false});
    } else if (!stacks.empty() && std::regex_match(line, m, frame)) {
      stacks.back().frames.push_back(ParseGdbFrame(m[1]));
    }
  }
  for (Stack& s : stacks) {
    s.primary = std::any_of(s.frames.begin(), s.frames.end(), IsUserFrame);
  }
  return stacks;
}

}  // namespace mt::harness
