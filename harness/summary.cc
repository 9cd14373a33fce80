// The end-of-run verdict summary; mirrors scripts/summary.py's format_text.
#include "harness/summary.h"

#include <algorithm>
#include <map>
#include <set>
#include <sstream>
#include <vector>

namespace mt::harness {
namespace {

const std::vector<std::string> kStatuses = {
    "ok", "failed", "crashed", "timed out", "interrupted", "skipped"};
const std::vector<std::string> kVerdicts = {"holds", "fails",
                                            "not measurable here", "not run"};
const std::vector<std::string> kUnjudged = {"not measurable here", "not run"};

std::string Str(const nlohmann::json& j, const char* key,
                const std::string& fallback = "") {
  if (!j.contains(key) || j[key].is_null()) return fallback;
  return j[key].is_string() ? j[key].get<std::string>() : j[key].dump();
}

std::string Pad(const std::string& s, size_t width, bool right) {
  if (s.size() >= width) return s;
  const std::string fill(width - s.size(), ' ');
  return right ? fill + s : s + fill;
}

struct Claim {
  std::string scenario;
  nlohmann::json doc;
};

}  // namespace

std::string FormatSummary(const nlohmann::json& run, SummaryCounts* counts) {
  const nlohmann::json scenarios =
      run.value("context", nlohmann::json::object())
          .value("mtbench", nlohmann::json::object())
          .value("scenarios", nlohmann::json::array());
  std::vector<Claim> claims;
  std::set<std::string> seen;
  for (const nlohmann::json& s : scenarios)
    for (const nlohmann::json& c : s.value("claims", nlohmann::json::array())) {
      claims.push_back({Str(s, "name", "?"), c});
      seen.insert(Str(c, "verdict", "None"));
    }
  std::vector<std::string> verdicts = kVerdicts;
  for (const std::string& v : seen)  // a newer verdict: a column of its own
    if (std::find(kVerdicts.begin(), kVerdicts.end(), v) == kVerdicts.end())
      verdicts.push_back(v);

  struct Row {
    std::string name, status;
    std::map<std::string, int> counts;
  };
  std::vector<Row> rows;
  std::map<std::string, int> total;
  size_t width = 8;
  for (const nlohmann::json& s : scenarios) {
    Row row{Str(s, "name", "?"), Str(s, "status", "?"), {}};
    for (const nlohmann::json& c : s.value("claims", nlohmann::json::array())) {
      ++row.counts[Str(c, "verdict", "None")];
      ++total[Str(c, "verdict", "None")];
    }
    width = std::max(width, row.name.size());
    rows.push_back(std::move(row));
  }
  width += 2;

  std::ostringstream out;
  auto col = [](const std::string& v) {
    return std::max<size_t>(v.size(), 5) + 2;
  };
  out << Pad("scenario", width, false) << Pad("status", 13, false);
  for (const std::string& v : verdicts) out << Pad(v, col(v), true);
  for (Row& r : rows) {
    out << "\n" << Pad(r.name, width, false) << Pad(r.status, 13, false);
    for (const std::string& v : verdicts)
      out << Pad(std::to_string(r.counts[v]), col(v), true);
  }
  out << "\n" << Pad("all", width, false) << Pad("", 13, false);
  for (const std::string& v : verdicts)
    out << Pad(std::to_string(total[v]), col(v), true);

  // Headline: statuses in their documented order, then any other sorted.
  std::map<std::string, int> by_status;
  for (const Row& r : rows) ++by_status[r.status];
  std::vector<std::string> order;
  for (const std::string& s : kStatuses)
    if (by_status.count(s)) order.push_back(s);
  for (const auto& [s, n] : by_status)
    if (std::find(kStatuses.begin(), kStatuses.end(), s) == kStatuses.end())
      order.push_back(s);
  std::string statuses;
  for (const std::string& s : order)
    statuses +=
        (statuses.empty() ? "" : ", ") + std::to_string(by_status[s]) + " " + s;
  std::string verdict_counts;
  for (const std::string& v : verdicts)
    verdict_counts += (verdict_counts.empty() ? "" : ", ") +
                      std::to_string(total[v]) + " " + v;
  out << "\n\n"
      << rows.size()
      << " scenario(s): " << (statuses.empty() ? "none" : statuses)
      << "; claims: " << verdict_counts;

  bool any_failing = false;
  for (const Claim& c : claims) {
    if (Str(c.doc, "verdict") != "fails") continue;
    if (!any_failing) out << "\n\nClaims that fail:";
    any_failing = true;
    out << "\n  " << c.scenario << ": " << Str(c.doc, "sentence", "None")
        << "  [" << Str(c.doc, "check", "None") << "]  "
        << Str(c.doc, "numbers", "None");
  }
  for (const std::string& verdict : kUnjudged) {
    std::vector<std::pair<std::string, std::vector<std::string>>> grouped;
    for (const Claim& c : claims) {
      if (Str(c.doc, "verdict") != verdict) continue;
      std::string why = Str(c.doc, "numbers");
      if (why.empty()) why = "no reason recorded";
      auto it = std::find_if(grouped.begin(), grouped.end(),
                             [&](const auto& g) { return g.first == why; });
      if (it == grouped.end()) it = grouped.insert(grouped.end(), {why, {}});
      it->second.push_back(c.scenario + ": " + Str(c.doc, "sentence"));
    }
    if (grouped.empty()) continue;
    std::string title = verdict;
    title[0] = static_cast<char>(std::toupper(title[0]));
    out << "\n\n" << title << ":";
    for (const auto& [why, who] : grouped) {
      out << "\n  " << why;
      for (const std::string& w : who) out << "\n    - " << w;
    }
  }
  if (counts != nullptr) {
    *counts = {static_cast<int>(rows.size()),
               static_cast<int>(rows.size()) - by_status["ok"],
               total["holds"],
               total["fails"],
               total["not measurable here"],
               total["not run"]};
  }
  return out.str() + "\n";
}

}  // namespace mt::harness
