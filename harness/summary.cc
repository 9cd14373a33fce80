// The end-of-run verdict summary.
#include "harness/summary.h"

#include <algorithm>
#include <iomanip>
#include <map>
#include <sstream>
#include <string>
#include <vector>

namespace mt::harness {
namespace {

constexpr const char* kVerdicts[] = {"holds", "fails", "not measurable here",
                                     "not run"};

struct Row {
  std::string name, status;
  double seconds = 0;
  std::map<std::string, int> counts;
};

}  // namespace

SummaryCounts PrintSummary(std::ostream& out, const nlohmann::json& run) {
  const nlohmann::json scenarios =
      run.value("context", nlohmann::json::object())
          .value("mtbench", nlohmann::json::object())
          .value("scenarios", nlohmann::json::array());
  SummaryCounts total;
  std::vector<Row> rows;
  std::vector<std::string> failing;
  // Reason -> the claims it applies to, in order of first appearance.
  std::vector<std::pair<std::string, std::vector<std::string>>> unmeasurable;
  for (const nlohmann::json& s : scenarios) {
    Row row{s.value("name", "?"), s.value("status", "?"),
            s.value("wall_seconds", 0.0), {}};
    if (row.status != "ok") ++total.scenarios_not_ok;
    for (const nlohmann::json& c : s.value("claims", nlohmann::json::array())) {
      const std::string verdict = c.value("verdict", "");
      ++row.counts[verdict];
      const std::string who = row.name + ": " + c.value("sentence", "");
      if (verdict == "fails") {
        failing.push_back(who + "\n      " + c.value("numbers", ""));
      } else if (verdict == "not measurable here") {
        const std::string why = c.value("numbers", "");
        auto it = std::find_if(unmeasurable.begin(), unmeasurable.end(),
                               [&](const auto& u) { return u.first == why; });
        if (it == unmeasurable.end())
          unmeasurable.push_back({why, {who}});
        else
          it->second.push_back(who);
      }
    }
    total.holds += row.counts["holds"];
    total.fails += row.counts["fails"];
    total.not_measurable += row.counts["not measurable here"];
    total.not_run += row.counts["not run"];
    rows.push_back(std::move(row));
  }

  out << "\nsummary\n"
      << std::left << std::setw(14) << "scenario" << std::setw(13) << "status"
      << std::right << std::setw(8) << "seconds" << std::setw(7) << "holds"
      << std::setw(7) << "fails" << std::setw(16) << "not measurable"
      << std::setw(9) << "not run" << "\n";
  auto line = [&](const std::string& name, const std::string& status,
                  const std::string& seconds, int h, int f, int nm, int nr) {
    out << std::left << std::setw(14) << name << std::setw(13) << status
        << std::right << std::setw(8) << seconds << std::setw(7) << h
        << std::setw(7) << f << std::setw(16) << nm << std::setw(9) << nr
        << "\n";
  };
  for (Row& r : rows) {
    std::ostringstream secs;
    secs << std::fixed << std::setprecision(1) << r.seconds;
    line(r.name, r.status, secs.str(), r.counts[kVerdicts[0]],
         r.counts[kVerdicts[1]], r.counts[kVerdicts[2]],
         r.counts[kVerdicts[3]]);
  }
  line("all", std::to_string(rows.size() - total.scenarios_not_ok) + "/" +
                  std::to_string(rows.size()) + " ok",
       "", total.holds, total.fails, total.not_measurable, total.not_run);

  if (!failing.empty()) {
    out << "\nclaims that fail on this machine:\n";
    for (const std::string& f : failing) out << "  " << f << "\n";
  }
  if (!unmeasurable.empty()) {
    out << "\nnot measurable here, and why:\n";
    for (const auto& [why, claims] : unmeasurable) {
      out << "  " << why << "\n";
      for (const std::string& c : claims) out << "      " << c << "\n";
    }
  }
  if (total.not_run > 0) {
    out << "\n" << total.not_run
        << " claim(s) not run: their benchmarks were filtered out, skipped "
           "or failed (run.json has each one's reason)\n";
  }
  return total;
}

}  // namespace mt::harness
