// races.json entries written and read back.
#include "harness/hunt_json.h"

#include <algorithm>
#include <cstring>

#include "harness/hunt_table.h"

namespace mt::harness {
namespace {

// Frames kept of each stack: enough for the own call chain of a report
// under std::function and Google Benchmark (20 and more frames deep).
constexpr size_t kFramesKept = 32;

nlohmann::json StackJson(const Stack& s) {
  nlohmann::json frames = nlohmann::json::array();
  for (size_t i = 0; i < s.frames.size() && i < kFramesKept; ++i) {
    const Frame& f = s.frames[i];
    frames.push_back({{"function", f.function},
                      {"file", f.file},
                      {"line", f.line},
                      {"module", f.module}});
  }
  return {{"title", s.title},
          {"primary", s.primary},
          {"frames", frames},
          {"frames_total", s.frames.size()}};
}

Stack StackFromJson(const nlohmann::json& j) {
  Stack s{j.at("title"), {}, j.at("primary")};
  for (const nlohmann::json& f : j.at("frames")) {
    s.frames.push_back(
        {f.at("function"), f.at("file"), f.at("line"), f.at("module")});
  }
  return s;
}

}  // namespace

std::string SignalName(int sig) {
  const char* abbrev = sigabbrev_np(sig);
  return abbrev ? std::string("SIG") + abbrev : "signal " + std::to_string(sig);
}

nlohmann::json RunJson(const RunRecord& r) {
  nlohmann::json signatures = nlohmann::json::array();
  nlohmann::json observations = nlohmann::json::array();
  for (const Observation& o : r.observations) {
    observations.push_back({{"kind", o.kind},
                            {"signature", o.signature},
                            {"headline", o.headline}});
    if (std::find(signatures.begin(), signatures.end(), o.signature) ==
        signatures.end())
      signatures.push_back(o.signature);
  }
  nlohmann::json out = {
      {"run", r.index},
      {"seed", r.schedule.seed},
      {"strategy", r.strategy},
      {"pu", r.schedule.pu < 0 ? nlohmann::json("all")
                               : nlohmann::json(r.schedule.pu)},
      {"load_pus", r.schedule.load_pus},
      {"schedule", r.schedule.Describe()},
      {"folder", r.folder},
      {"argv", r.argv},
      {"tsan_options", r.tsan_options},
      {"strategy_env", r.strategy_env},
      {"outcome", r.outcome},
      {"wall_seconds", r.wall_seconds},
      {"reports", r.observations.size()},
      {"findings", signatures},
      {"observations", observations}};
  if (r.outcome == "exited") out["exit_code"] = r.exit_code;
  if (r.outcome == "signalled") out["signal"] = SignalName(r.signal);
  if (!r.note.empty()) out["note"] = r.note;
  if (!r.replay.empty()) out["replay"] = r.replay;
  if (r.steps > 0) out["sched_steps"] = r.steps;
  return out;
}

nlohmann::json FindingJson(const Finding& f, int runs,
                           const std::string& where) {
  nlohmann::json stacks = nlohmann::json::array();
  for (const Stack& s : f.stacks) stacks.push_back(StackJson(s));
  nlohmann::json key_frames = nlohmann::json::array();
  for (const Stack& s : f.stacks) {
    if (s.primary) key_frames.push_back(KeyFrames(s));
  }
  return {{"signature", f.signature},
          {"kind", f.kind},
          {"headline", f.headline},
          {"location", f.location},
          {"detail", f.detail},
          {"where", where},
          {"count", f.count},
          {"runs", runs},
          {"hit_rate", runs > 0 ? double(f.count) / runs : 0.0},
          {"first_run", f.first_run},
          {"reports", f.reports},
          {"example", f.example},
          {"key_frames", key_frames},
          {"stacks", stacks}};
}

nlohmann::json FindingsJson(const std::vector<Finding>& findings, int runs) {
  const std::vector<std::vector<std::string>> labels = FindingLabels(findings);
  nlohmann::json out = nlohmann::json::array();
  for (size_t k = 0; k < findings.size(); ++k) {
    std::string where;
    for (const std::string& line : labels[k])
      where += (where.empty() ? "" : "\n") + line;
    out.push_back(FindingJson(findings[k], runs, where));
  }
  return out;
}

bool FindingFromJson(const nlohmann::json& j, Finding* f, std::string* error) {
  try {
    *f = {j.at("signature"), j.at("kind"),    j.at("headline"),
          j.at("location"),  j.at("detail"),  {},
          j.at("count"),     j.at("reports"), j.at("first_run"),
          j.at("example")};
    for (const nlohmann::json& s : j.at("stacks"))
      f->stacks.push_back(StackFromJson(s));
  } catch (const nlohmann::json::exception& e) {
    *error =
        std::string("a finding is not as mtbench hunt writes it: ") + e.what();
    return false;
  }
  return true;
}

}  // namespace mt::harness
