// Shards' races.json merged: checked to be one hunt, runs joined, findings
// recounted (hunt_findings.h MergeFindings).
#include "harness/hunt_merge.h"

#include <algorithm>
#include <map>
#include <set>

#include "harness/hunt_json.h"
#include "harness/run_folder.h"

namespace mt::harness {
namespace {

// What must be equal in every shard of one hunt.
constexpr const char* kHuntKeys[] = {"format",       "seed",
                                     "strategy",     "runs_per_target",
                                     "time_seconds", "until_found"};

nlohmann::json TargetKey(const nlohmann::json& t) {
  return {t.at("name"), t.at("type"), t.at("filter"), t.at("args")};
}

// One target's runs and findings of every shard, joined.
bool MergeTarget(const std::vector<nlohmann::json>& docs,
                 const std::vector<std::string>& sources, size_t t,
                 nlohmann::json* out, std::string* error) {
  std::map<int, nlohmann::json> runs;  // by index
  std::map<int, std::string> run_source;
  std::vector<std::vector<Finding>> parts;
  std::set<std::string> stopped;
  for (size_t d = 0; d < docs.size(); ++d) {
    const nlohmann::json& target = docs[d]["targets"][t];
    for (nlohmann::json run : target.at("runs")) {
      const int index = run.at("run");
      if (runs.count(index)) {
        *error = "run " + std::to_string(index) + " of " +
                 target["name"].get<std::string>() + " is in both " +
                 run_source[index] + " and " + sources[d] +
                 ": the shards overlap";
        return false;
      }
      run["folder"] = sources[d] + "/" + run.at("folder").get<std::string>();
      run_source[index] = sources[d];
      runs[index] = std::move(run);
    }
    std::vector<Finding> part;
    for (const nlohmann::json& j : target.at("findings")) {
      Finding f;
      if (!FindingFromJson(j, &f, error)) return false;
      f.example = sources[d] + "/" + f.example;
      part.push_back(std::move(f));
    }
    parts.push_back(std::move(part));
    stopped.insert(target.value("stopped_by", "runs"));
  }
  int completed = 0;
  for (const nlohmann::json& d : docs)
    completed += d["targets"][t].at("runs_completed").get<int>();
  const std::vector<Finding> findings = MergeFindings(parts);
  nlohmann::json runs_json = nlohmann::json::array();
  for (auto& [index, run] : runs) runs_json.push_back(std::move(run));
  nlohmann::json target = docs[0]["targets"][t];
  target["runs_completed"] = completed;
  target["stopped_by"] = stopped.size() == 1 ? *stopped.begin() : "mixed";
  target["runs"] = std::move(runs_json);
  target["findings"] = FindingsJson(findings, completed);
  *out = std::move(target);
  return true;
}

}  // namespace

bool MergeHuntDocs(const std::vector<nlohmann::json>& docs,
                   const std::vector<std::string>& sources,
                   nlohmann::json* merged, std::string* error) {
  if (docs.empty()) {
    *error = "nothing to merge";
    return false;
  }
  const nlohmann::json& first = docs[0];
  for (size_t d = 1; d < docs.size(); ++d) {
    for (const char* key : kHuntKeys) {
      if (docs[d].value(key, nlohmann::json()) !=
          first.value(key, nlohmann::json())) {
        *error = sources[0] + " and " + sources[d] +
                 " are not one hunt: " + key + " " +
                 first.value(key, nlohmann::json()).dump() + " against " +
                 docs[d].value(key, nlohmann::json()).dump();
        return false;
      }
    }
    const size_t n = first["targets"].size();
    bool same = docs[d]["targets"].size() == n;
    for (size_t t = 0; same && t < n; ++t)
      same = TargetKey(docs[d]["targets"][t]) == TargetKey(first["targets"][t]);
    if (!same) {
      *error = sources[0] + " and " + sources[d] +
               " are not one hunt: they hunted other targets (names, "
               "filters or program arguments differ)";
      return false;
    }
  }
  nlohmann::json doc = first;
  doc.erase("shard");
  doc["started"] = NowIso();
  doc["targets"] = nlohmann::json::array();
  doc["merged_from"] = nlohmann::json::array();
  double wall = 0;
  for (size_t d = 0; d < docs.size(); ++d) {
    doc["merged_from"].push_back(
        {{"folder", sources[d]},
         {"shard", docs[d].value("shard", nlohmann::json())},
         {"pus", docs[d].value("pus", nlohmann::json())},
         {"wall_seconds", docs[d].value("wall_seconds", 0.0)}});
    wall = std::max(wall, docs[d].value("wall_seconds", 0.0));
  }
  int findings = 0;
  for (size_t t = 0; t < first["targets"].size(); ++t) {
    nlohmann::json target;
    if (!MergeTarget(docs, sources, t, &target, error)) return false;
    findings += static_cast<int>(target["findings"].size());
    doc["targets"].push_back(std::move(target));
  }
  doc["wall_seconds"] = wall;  // the shards ran side by side
  doc["findings"] = findings;
  doc["exit_status"] = findings > 0 ? 1 : 0;
  *merged = std::move(doc);
  return true;
}

}  // namespace mt::harness
