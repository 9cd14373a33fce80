// run.json to CSV.
#include "harness/results_csv.h"

#include <fstream>
#include <set>
#include <sstream>
#include <vector>

namespace mt::harness {
namespace {

// Google Benchmark's own fields, in the order its CSV reporter uses them
// where it has them; the rest of a benchmark's numbers are counters.
const std::vector<std::string> kFields = {
    "name",         "run_name",         "run_type",  "aggregate_name",
    "repetitions",  "repetition_index", "threads",   "iterations",
    "real_time",    "cpu_time",         "time_unit", "error_occurred",
    "error_message"};
const std::set<std::string> kNotCounters = {
    "family_index", "per_family_instance_index", "aggregate_unit", "label"};

std::string Cell(const nlohmann::json& v) {
  if (v.is_null()) return "";
  std::string text = v.is_string() ? v.get<std::string>() : v.dump();
  if (text.find_first_of(",\"\n") == std::string::npos) return text;
  std::string quoted = "\"";
  for (char c : text)
    quoted += c == '"' ? std::string("\"\"") : std::string(1, c);
  return quoted + "\"";
}

}  // namespace

std::string ToCsv(const nlohmann::json& run) {
  const nlohmann::json benchmarks =
      run.value("benchmarks", nlohmann::json::array());
  const std::set<std::string> fields(kFields.begin(), kFields.end());
  std::vector<std::string> counters;
  std::set<std::string> seen;
  for (const nlohmann::json& b : benchmarks)
    for (const auto& [key, value] : b.items())
      if (!fields.count(key) && !kNotCounters.count(key) &&
          (value.is_number() || value.is_null()) && seen.insert(key).second)
        counters.push_back(key);
  std::ostringstream out;
  std::string sep;
  for (const std::string& f : kFields) out << std::exchange(sep, ",") << f;
  for (const std::string& c : counters) out << "," << Cell(c);
  out << "\n";
  for (const nlohmann::json& b : benchmarks) {
    sep.clear();
    for (const std::string& f : kFields)
      out << std::exchange(sep, ",") << (b.contains(f) ? Cell(b[f]) : "");
    for (const std::string& c : counters)
      out << "," << (b.contains(c) ? Cell(b[c]) : "");
    out << "\n";
  }
  return out.str();
}

bool WriteCsv(const nlohmann::json& run, const std::string& path) {
  std::ofstream out(path);
  out << ToCsv(run);
  return static_cast<bool>(out);
}

}  // namespace mt::harness
