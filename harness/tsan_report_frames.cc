// Which frames of a stack are the program's own, and how to name them.
#include "harness/tsan_report_frames.h"

#include <cstring>
#include <regex>

namespace mt::harness {
namespace {

bool StartsWith(const std::string& s, const char* prefix) {
  return s.rfind(prefix, 0) == 0;
}

// Modules that are never the program's own code. The sanitizer runtime is
// linked into the program, so its frames are told by their source path.
bool InSystemModule(const Frame& f) {
  for (const char* lib :
       {"libc.so", "libstdc++", "libpthread", "libm.so", "libgcc_s", "ld-linux",
        "libtsan", "libbenchmark", "libmtsched"}) {
    if (StartsWith(f.module, lib)) return true;
  }
  return false;
}

// Debian builds glibc with relative source paths ("./nptl/...",
// "../sysdeps/..."); gdb prints them so.
bool InSystemSource(const Frame& f) {
  return StartsWith(f.file, "./") || StartsWith(f.file, "../") ||
         f.file.find("/compiler-rt/") != std::string::npos;
}

}  // namespace

std::string TrimSpace(const std::string& s) {
  size_t b = s.find_first_not_of(" \t\r");
  if (b == std::string::npos) return "";
  size_t e = s.find_last_not_of(" \t\r");
  return s.substr(b, e - b + 1);
}

std::string Basename(const std::string& path) {
  size_t slash = path.rfind('/');
  return slash == std::string::npos ? path : path.substr(slash + 1);
}

void ParseFileLine(const std::string& text, Frame* f) {
  static const std::regex with_line(R"(^(.*?):(\d+)(?::\d+)?$)");
  std::smatch m;
  if (std::regex_match(text, m, with_line)) {
    f->file = m[1];
    f->line = std::stoi(m[2]);
  } else {
    f->file = text;
  }
}

bool IsUserFrame(const Frame& f) {
  if (f.line <= 0 || f.file.empty()) return false;
  if (StartsWith(f.file, "/usr/") || InSystemSource(f)) return false;
  return !InSystemModule(f);
}

bool IsSystemFrame(const Frame& f) {
  return InSystemModule(f) || InSystemSource(f);
}

std::vector<Frame> OwnFrames(const Stack& stack, size_t n) {
  std::vector<Frame> own;
  for (const Frame& f : stack.frames) {
    if (own.size() == n || (!own.empty() && IsSystemFrame(f))) break;
    if (IsUserFrame(f)) own.push_back(f);
  }
  return own;
}

std::vector<Frame> SelectKeyFrames(const Stack& stack, size_t n) {
  std::vector<Frame> keys;
  for (const Frame& f : stack.frames) {
    if (keys.size() < n && IsUserFrame(f)) keys.push_back(f);
  }
  if (!keys.empty()) return keys;
  for (const Frame& f : stack.frames) {
    bool named =
        !f.function.empty() && f.function != "<null>" && f.function != "??";
    if (keys.size() < n && named) keys.push_back(f);
  }
  return keys;
}

std::string DescribeFrame(const Frame& f, bool short_name) {
  const std::string name =
      short_name ? ShortFunctionName(f.function) : f.function;
  if (f.line > 0)
    return name + " " + Basename(f.file) + ":" + std::to_string(f.line);
  return f.module.empty() ? name : name + " (" + f.module + ")";
}

std::vector<std::string> KeyFrames(const Stack& stack, size_t n) {
  std::vector<std::string> keys;
  for (const Frame& f : SelectKeyFrames(stack, n))
    keys.push_back(DescribeFrame(f, false));
  return keys;
}

std::string ShortFunctionName(const std::string& function) {
  // Placeholders keep the call operator's parentheses and the space of
  // "operator delete" through the stripping below.
  std::string text = std::regex_replace(function, std::regex(R"(operator\(\))"),
                                        "operator#call");
  text = std::regex_replace(text, std::regex("operator "), "operator#space");
  std::string flat;  // without <...> and (...) groups
  int depth = 0;
  for (char c : text) {
    if (c == '<' || c == '(') ++depth;
    if (depth == 0) flat += c;
    if ((c == '>' || c == ')') && depth > 0) --depth;
  }
  for (const char* suffix : {" const", " volatile"}) {
    size_t at = flat.rfind(suffix);
    if (at != std::string::npos && at + std::strlen(suffix) == flat.size())
      flat.resize(at);
  }
  flat = flat.substr(
      flat.rfind(' ') == std::string::npos ? 0 : flat.rfind(' ') + 1);
  std::vector<std::string> parts;
  size_t begin = 0;
  for (;;) {
    size_t end = flat.find("::", begin);
    std::string part = flat.substr(begin, end - begin);
    if (!part.empty()) parts.push_back(part);
    if (end == std::string::npos) break;
    begin = end + 2;
  }
  std::string out;
  for (size_t i = parts.size() > 2 ? parts.size() - 2 : 0; i < parts.size();
       ++i)
    out += (out.empty() ? "" : "::") + parts[i];
  if (out.empty()) return function;
  out = std::regex_replace(out, std::regex("operator#call"), "operator()");
  return std::regex_replace(out, std::regex("operator#space"), "operator ");
}

}  // namespace mt::harness
