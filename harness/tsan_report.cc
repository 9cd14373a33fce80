// Parsing ThreadSanitizer logs and gdb backtraces into stacks and signatures.
// The formats are LLVM's sanitizer_common/tsan report printers (clang 14 was
// recorded in testdata/) and gdb's `backtrace`.
#include "harness/tsan_report.h"

#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <regex>
#include <set>
#include <sstream>

namespace mt::harness {
namespace {

bool StartsWith(const std::string& s, const std::string& prefix) {
  return s.rfind(prefix, 0) == 0;
}

std::string Trim(const std::string& s) {
  size_t b = s.find_first_not_of(" \t\r");
  if (b == std::string::npos) return "";
  size_t e = s.find_last_not_of(" \t\r");
  return s.substr(b, e - b + 1);
}

std::string Basename(const std::string& path) {
  size_t slash = path.rfind('/');
  return slash == std::string::npos ? path : path.substr(slash + 1);
}

// "file:line:col", "file:line" or "file" (an object file, no line info).
void ParseLocation(const std::string& text, Frame* f) {
  static const std::regex with_line(R"(^(.*?):(\d+)(?::\d+)?$)");
  std::smatch m;
  if (std::regex_match(text, m, with_line)) {
    f->file = m[1];
    f->line = std::stoi(m[2]);
  } else {
    f->file = text;
  }
}

// "FUNCTION LOCATION (MODULE+0xOFFSET) (BuildId: HEX)", where FUNCTION may
// contain spaces and LOCATION is "<null>" when unknown.
Frame ParseTsanFrame(std::string text) {
  Frame f;
  size_t build_id = text.find(" (BuildId: ");
  if (build_id != std::string::npos) text.resize(build_id);
  text = Trim(text);
  if (!text.empty() && text.back() == ')') {
    size_t open = text.rfind(" (");
    if (open != std::string::npos) {
      std::string module = text.substr(open + 2, text.size() - open - 3);
      f.module = Basename(module.substr(0, module.find("+0x")));
      text.resize(open);
    }
  }
  size_t space = text.rfind(' ');
  if (space == std::string::npos) {
    f.function = text;
    return f;
  }
  f.function = text.substr(0, space);
  std::string location = text.substr(space + 1);
  if (location != "<null>") ParseLocation(location, &f);
  return f;
}

// Removes the trailing "(...)" argument list of a gdb frame, balancing
// parentheses: "ns::F(int) const (this=0x1)" -> "ns::F(int) const".
std::string StripGdbArguments(std::string text) {
  text = Trim(text);
  if (text.empty() || text.back() != ')') return text;
  int depth = 0;
  for (size_t i = text.size(); i-- > 0;) {
    if (text[i] == ')') ++depth;
    if (text[i] == '(' && --depth == 0) return Trim(text.substr(0, i));
  }
  return text;
}

// "[0xADDR in ]FUNCTION (ARGS) [at FILE:LINE | from MODULE]".
Frame ParseGdbFrame(std::string text) {
  static const std::regex address(R"(^0x[0-9a-fA-F]+ in )");
  text = std::regex_replace(Trim(text), address, "");
  Frame f;
  size_t at = text.rfind(" at ");
  size_t from = text.rfind(" from ");
  if (at != std::string::npos && (from == std::string::npos || at > from)) {
    ParseLocation(Trim(text.substr(at + 4)), &f);
    text.resize(at);
  } else if (from != std::string::npos) {
    f.module = Basename(Trim(text.substr(from + 6)));
    text.resize(from);
  }
  f.function = StripGdbArguments(text);
  return f;
}

// Addresses and module offsets out of a "Location is ..." line.
std::string NormaliseLocation(std::string text) {
  static const std::regex build_id(R"(\s*\(BuildId: [0-9a-fA-F]+\))");
  static const std::regex module(R"(\s*\([^()]*\+0x[0-9a-fA-F]+\))");
  static const std::regex at(R"(\s+at 0x[0-9a-fA-F]+)");
  text = std::regex_replace(text, build_id, "");
  text = std::regex_replace(text, module, "");
  text = std::regex_replace(text, at, "");
  if (!text.empty() && (text.back() == ':' || text.back() == '.'))
    text.pop_back();
  return Trim(text);
}

bool IsPrimaryTitle(const std::string& title) {
  static const std::regex access(R"(^(Previous )?(atomic )?(read|write) )",
                                 std::regex::icase);
  return title.empty() || std::regex_search(title, access) ||
         (StartsWith(title, "Mutex M") &&
          title.find(" acquired here while holding ") != std::string::npos);
}

// Which stacks name the bug. A thread leak has only creation stacks: those.
void MarkPrimary(std::vector<Stack>* stacks) {
  bool any = false;
  for (Stack& s : *stacks) any |= s.primary = IsPrimaryTitle(s.title);
  if (any) return;
  for (Stack& s : *stacks) {
    any |= s.primary = StartsWith(s.title, "Thread T") &&
                       s.title.find(" created ") != std::string::npos;
  }
  if (any) return;
  for (Stack& s : *stacks) s.primary = true;
}

// The headline without its pid and, for deadly signals, the registers.
std::string CleanHeadline(std::string text) {
  size_t pid = text.find(" (pid=");
  if (pid != std::string::npos) text.resize(pid);
  size_t pc = text.find(" (pc ");
  if (pc != std::string::npos) text.resize(pc);
  static const std::regex address(R"(\s+0x[0-9a-fA-F]+)");
  return Trim(std::regex_replace(text, address, ""));
}

}  // namespace

std::string NormaliseKind(const std::string& headline) {
  static const std::regex deadly(R"(^([A-Z]+) on unknown address)");
  std::smatch m;
  if (std::regex_search(headline, m, deadly))
    return "crash (" + m[1].str() + ")";
  static const std::vector<std::pair<std::string, std::string>> kKinds = {
      {"data race on vptr", "data race on vptr"},
      {"data race", "data race"},
      {"heap-use-after-free", "use after free"},
      {"lock-order-inversion", "lock-order inversion"},
      {"thread leak", "thread leak"},
      {"signal-unsafe call", "signal-unsafe call"},
      {"signal handler spoils errno", "signal handler spoils errno"},
      {"unlock of an unlocked mutex", "unlock of an unlocked mutex"},
      {"destroy of a locked mutex", "destroy of a locked mutex"},
      {"double lock of a mutex", "double lock"},
      {"use of an invalid mutex", "invalid mutex"},
  };
  for (const auto& [prefix, kind] : kKinds) {
    if (StartsWith(headline, prefix)) return kind;
  }
  size_t paren = headline.find(" (");
  return paren == std::string::npos ? headline : headline.substr(0, paren);
}

std::vector<TsanReport> ParseTsanLog(const std::string& text) {
  static const std::regex start(
      R"(^(?:==\d+==)?(?:WARNING|ERROR): ThreadSanitizer: (.*)$)");
  static const std::regex frame(R"(^\s+#\d+ (.*)$)");
  std::vector<TsanReport> reports;
  TsanReport* open = nullptr;  // the report being read, until its SUMMARY
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    std::smatch m;
    if (std::regex_match(line, m, start)) {
      if (open) MarkPrimary(&open->stacks);
      reports.emplace_back();
      open = &reports.back();
      open->headline = CleanHeadline(m[1]);
      open->kind = NormaliseKind(open->headline);
      continue;
    }
    if (open == nullptr) continue;
    if (StartsWith(line, "SUMMARY: ThreadSanitizer")) {
      MarkPrimary(&open->stacks);
      open = nullptr;
    } else if (std::regex_match(line, m, frame)) {
      if (open->stacks.empty()) open->stacks.emplace_back();
      open->stacks.back().frames.push_back(ParseTsanFrame(m[1]));
    } else if (StartsWith(line, "  ") && !StartsWith(line, "   ")) {
      std::string body = Trim(line);
      if (StartsWith(body, "Location is ") && open->location.empty())
        open->location = NormaliseLocation(body.substr(12));
      if (!body.empty() && body.back() == ':') {
        body.pop_back();
        open->stacks.push_back({body, {}, false});
      }
    }
  }
  if (open) MarkPrimary(&open->stacks);
  return reports;
}

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

bool IsUserFrame(const Frame& f) {
  if (f.line <= 0 || f.file.empty()) return false;
  for (const char* system : {"/usr/", "./", "../"}) {
    if (StartsWith(f.file, system)) return false;
  }
  if (f.file.find("/compiler-rt/") != std::string::npos) return false;
  for (const char* lib : {"libc.so", "libstdc++", "libpthread", "libm.so",
                          "libgcc_s", "ld-linux", "libtsan", "libbenchmark"}) {
    if (StartsWith(f.module, lib)) return false;
  }
  return true;
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

std::string SignatureText(const std::string& kind,
                          const std::vector<Stack>& stacks) {
  std::set<std::string> keys;  // sorted and unique: thread order is chance
  for (const Stack& s : stacks) {
    if (!s.primary) continue;
    std::string key;
    for (const std::string& k : KeyFrames(s))
      key += (key.empty() ? "" : " <- ") + k;
    if (!key.empty()) keys.insert(key);
  }
  std::string text = kind;
  for (const std::string& k : keys) text += "\n" + k;
  return text;
}

std::string Signature(const std::string& kind,
                      const std::vector<Stack>& stacks) {
  // FNV-1a: stable across builds and platforms, unlike std::hash.
  std::uint64_t h = 14695981039346656037ull;
  for (unsigned char c : SignatureText(kind, stacks)) {
    h ^= c;
    h *= 1099511628211ull;
  }
  char hex[17];
  std::snprintf(hex, sizeof hex, "%016llx", static_cast<unsigned long long>(h));
  return hex;
}

}  // namespace mt::harness
