// Parsing ThreadSanitizer logs into reports. The format is LLVM's
// sanitizer_common/tsan report printers (clang 14 was recorded in
// testdata/tsan/).
#include "harness/tsan_report.h"

#include <regex>
#include <sstream>

#include "harness/tsan_report_signature.h"

namespace mt::harness {
namespace {

bool StartsWith(const std::string& s, const std::string& prefix) {
  return s.rfind(prefix, 0) == 0;
}

// "FUNCTION LOCATION (MODULE+0xOFFSET) (BuildId: HEX)", where FUNCTION may
// contain spaces and LOCATION is "<null>" when unknown.
Frame ParseTsanFrame(std::string text) {
  Frame f;
  size_t build_id = text.find(" (BuildId: ");
  if (build_id != std::string::npos) text.resize(build_id);
  text = TrimSpace(text);
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
  if (location != "<null>") ParseFileLine(location, &f);
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
  return TrimSpace(text);
}

bool IsPrimaryTitle(const Stack& s) {
  return s.title.empty() || !AccessOf(s).empty() ||
         (StartsWith(s.title, "Mutex M") &&
          s.title.find(" acquired here while holding ") != std::string::npos);
}

// Which stacks name the bug. A thread leak has only creation stacks: those.
void MarkPrimary(std::vector<Stack>* stacks) {
  bool any = false;
  for (Stack& s : *stacks) any |= s.primary = IsPrimaryTitle(s);
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
  return TrimSpace(std::regex_replace(text, address, ""));
}

void Finish(TsanReport* r) {
  MarkPrimary(&r->stacks);
  r->detail = r->kind == "crash" ? DeadlySignalOf(r->headline)
                                 : LocationKey(r->location);
}

}  // namespace

std::string DeadlySignalOf(const std::string& headline) {
  static const std::regex deadly(R"(^([A-Z]+) on unknown address)");
  std::smatch m;
  return std::regex_search(headline, m, deadly) ? "SIG" + m[1].str() : "";
}

std::string NormaliseKind(const std::string& headline) {
  if (!DeadlySignalOf(headline).empty()) return "crash";
  if (StartsWith(headline, "data race")) return "data race";  // "on vptr"
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
      if (open) Finish(open);
      reports.emplace_back();
      open = &reports.back();
      open->headline = CleanHeadline(m[1]);
      open->kind = NormaliseKind(open->headline);
      continue;
    }
    if (open == nullptr) continue;
    if (StartsWith(line, "SUMMARY: ThreadSanitizer")) {
      Finish(open);
      open = nullptr;
    } else if (std::regex_match(line, m, frame)) {
      if (open->stacks.empty()) open->stacks.emplace_back();
      open->stacks.back().frames.push_back(ParseTsanFrame(m[1]));
    } else if (StartsWith(line, "  ") && !StartsWith(line, "   ")) {
      std::string body = TrimSpace(line);
      if (StartsWith(body, "Location is ") && open->location.empty())
        open->location = NormaliseLocation(body.substr(12));
      if (!body.empty() && body.back() == ':') {
        body.pop_back();
        open->stacks.push_back({body, {}, false});
      }
    }
  }
  if (open) Finish(open);
  return reports;
}

}  // namespace mt::harness
