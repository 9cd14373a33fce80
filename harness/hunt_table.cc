// Labels that tell findings apart, and the findings table.
#include "harness/hunt_table.h"

#include <algorithm>
#include <iomanip>
#include <set>
#include <sstream>

#include "harness/tsan_report_signature.h"

namespace mt::harness {
namespace {

// Kinds that are ours, not TSan report types: their headline says what
// happened (the assertion, the exit status and last output, the hang).
bool IsOwnKind(const std::string& kind) {
  return kind == "assertion" || kind == "crash" || kind == "exit status" ||
         kind == "hang" || kind == "deadlock";
}

struct Chain {
  std::string access;
  std::vector<std::string> frames;  // short names with file:line
};

std::vector<Chain> Chains(const Finding& f) {
  std::vector<Chain> out;
  std::set<std::string> seen;
  for (const Stack& s : f.stacks) {
    if (!s.primary || !seen.insert(StackKey(s)).second) continue;
    std::vector<Frame> frames = OwnFrames(s, kSignatureFrames);
    if (frames.empty()) frames = SelectKeyFrames(s, 1);
    if (frames.empty()) continue;
    Chain c{AccessOf(s), {}};
    for (const Frame& frame : frames)
      c.frames.push_back(DescribeFrame(frame, true));
    out.push_back(std::move(c));
  }
  return out;
}

// The finding's chains cut at `depth` frames, as one comparable text.
std::string Prefix(const Finding& f, const std::vector<Chain>& chains,
                   size_t depth) {
  std::set<std::string> parts;
  for (const Chain& c : chains) {
    std::string p = c.access;
    for (size_t i = 0; i < depth && i < c.frames.size(); ++i)
      p += " " + c.frames[i];
    parts.insert(p);
  }
  std::string out = f.kind + "|" + f.detail;
  for (const std::string& p : parts) out += "|" + p;
  return out;
}

std::string ChainLine(const Chain& c, size_t depth) {
  std::string line = c.access.empty() ? "" : c.access + " ";
  line += c.frames[0];
  const size_t last = std::min(depth, c.frames.size()) - 1;
  if (last >= 1) line += (last > 1 ? " < ... < " : " < ") + c.frames[last];
  return line;
}

}  // namespace

std::vector<std::vector<std::string>> FindingLabels(
    const std::vector<Finding>& findings) {
  std::vector<std::vector<Chain>> chains;
  for (const Finding& f : findings) chains.push_back(Chains(f));
  std::vector<std::vector<std::string>> labels;
  for (size_t i = 0; i < findings.size(); ++i) {
    // The shallowest depth at which no other finding looks the same.
    size_t depth = 1;
    for (; depth < kSignatureFrames; ++depth) {
      bool unique = true;
      for (size_t j = 0; j < findings.size() && unique; ++j) {
        unique = j == i || Prefix(findings[i], chains[i], depth) !=
                               Prefix(findings[j], chains[j], depth);
      }
      if (unique) break;
    }
    std::vector<std::string> label;
    if (IsOwnKind(findings[i].kind)) label.push_back(findings[i].headline);
    for (const Chain& c : chains[i]) label.push_back(ChainLine(c, depth));
    // "global 'name'": a static inside a template names every argument of
    // its function; the table keeps its last two scopes.
    const std::string& d = findings[i].detail;
    if (d.rfind("global '", 0) == 0 && d.size() > 9 && d.back() == '\'')
      label.push_back("on global '" +
                      ShortFunctionName(d.substr(8, d.size() - 9)) + "'");
    if (label.empty()) label.push_back("(no stack)");
    labels.push_back(std::move(label));
  }
  return labels;
}

void PrintFindings(std::ostream& out, const std::string& target,
                   const std::vector<Finding>& findings, int runs) {
  if (findings.empty()) {
    out << target << ": nothing found in " << runs << " run(s)\n";
    return;
  }
  out << target << ": " << findings.size() << " finding(s) in " << runs
      << " run(s)\n"
      << "  " << std::left << std::setw(18) << "signature" << std::setw(22)
      << "kind" << std::setw(10) << "runs" << std::setw(6) << "rate"
      << std::setw(7) << "first"
      << "what tells it apart\n";
  const std::string indent(2 + 18 + 22 + 10 + 6 + 7, ' ');
  const std::vector<std::vector<std::string>> labels = FindingLabels(findings);
  for (size_t i = 0; i < findings.size(); ++i) {
    const Finding& f = findings[i];
    std::ostringstream rate;
    rate << std::fixed << std::setprecision(0)
         << (runs > 0 ? 100.0 * f.count / runs : 0) << "%";
    out << "  " << std::left << std::setw(18) << f.signature << std::setw(22)
        << f.kind << std::setw(10)
        << (std::to_string(f.count) + "/" + std::to_string(runs))
        << std::setw(6) << rate.str() << std::setw(7) << f.first_run
        << labels[i][0] << "\n";
    for (size_t k = 1; k < labels[i].size(); ++k)
      out << indent << labels[i][k] << "\n";
  }
}

}  // namespace mt::harness
