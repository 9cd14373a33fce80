// Signatures of reports: access types, location keys, own call chains.
#include "harness/tsan_report_signature.h"

#include <cctype>
#include <cstdint>
#include <cstdio>
#include <regex>
#include <set>

namespace mt::harness {

std::string AccessOf(const Stack& stack) {
  static const std::regex access(R"(^(?:Previous )?(atomic )?(read|write) )",
                                 std::regex::icase);
  std::smatch m;
  if (!std::regex_search(stack.title, m, access)) return "";
  std::string out = m[1].str() + m[2].str();
  for (char& c : out) c = static_cast<char>(std::tolower(c));
  return out;
}

std::string LocationKey(const std::string& location) {
  static const std::regex global(R"(^global ('.*') of size)");
  std::smatch m;
  if (std::regex_search(location, m, global)) return "global " + m[1].str();
  for (const char* kind : {"heap block", "stack", "TLS", "file descriptor"}) {
    if (location.rfind(kind, 0) == 0) return kind;
  }
  return "";
}

std::string StackKey(const Stack& stack) {
  std::vector<Frame> frames = OwnFrames(stack, kSignatureFrames);
  // A program built without -g has no user frame: its named frames then.
  if (frames.empty()) frames = SelectKeyFrames(stack);
  std::string key;
  for (const Frame& f : frames)
    key += (key.empty() ? "" : " <- ") + DescribeFrame(f, false);
  if (key.empty()) return "";
  const std::string access = AccessOf(stack);
  return access.empty() ? key : access + ": " + key;
}

std::string SignatureText(const std::string& kind, const std::string& detail,
                          const std::vector<Stack>& stacks) {
  std::set<std::string> keys;  // sorted and unique: thread order is chance
  for (const Stack& s : stacks) {
    if (!s.primary) continue;
    std::string key = StackKey(s);
    if (!key.empty()) keys.insert(key);
  }
  std::string text = kind;
  if (!detail.empty()) text += "\n" + detail;
  for (const std::string& k : keys) text += "\n" + k;
  return text;
}

std::string Signature(const std::string& kind, const std::string& detail,
                      const std::vector<Stack>& stacks) {
  return HashText(SignatureText(kind, detail, stacks));
}

std::string HashText(const std::string& text) {
  std::uint64_t h = 14695981039346656037ull;
  for (unsigned char c : text) {
    h ^= c;
    h *= 1099511628211ull;
  }
  char hex[17];
  std::snprintf(hex, sizeof hex, "%016llx", static_cast<unsigned long long>(h));
  return hex;
}

}  // namespace mt::harness
