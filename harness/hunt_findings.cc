// Turning a hunt's runs into findings, races.json entries and the table.
#include "harness/hunt_findings.h"

#include <algorithm>
#include <cstring>
#include <iomanip>
#include <map>
#include <sstream>

namespace mt::harness {
namespace {

// Enough frames to recognise the code; TSan stacks through std::function
// and Google Benchmark run to 20 and more.
constexpr size_t kFramesKept = 12;

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

std::string SignalName(int sig) {
  const char* abbrev = sigabbrev_np(sig);
  return abbrev ? std::string("SIG") + abbrev : "signal " + std::to_string(sig);
}

// Where to look: the top two key frames of each distinct primary stack,
// with short function names.
std::string Where(const Finding& f) {
  std::vector<std::string> seen;
  for (const Stack& s : f.stacks) {
    if (!s.primary) continue;
    std::string path;
    for (const Frame& frame : SelectKeyFrames(s, 2))
      path += (path.empty() ? "" : " < ") + DescribeFrame(frame, true);
    if (!path.empty() &&
        std::find(seen.begin(), seen.end(), path) == seen.end())
      seen.push_back(path);
  }
  std::string out;
  for (const std::string& p : seen) out += (out.empty() ? "" : " | ") + p;
  return out.empty() ? "(no stack)" : out;
}

}  // namespace

std::string RunSchedule::Describe() const {
  std::string out = pu < 0 ? "all PUs" : "one PU (" + std::to_string(pu) + ")";
  if (!load_pus.empty())
    out += " + load on " + std::to_string(load_pus.size()) + " PU(s)";
  return out;
}

std::vector<Observation> ObserveTsanLog(const std::string& text,
                                        const std::string& source) {
  std::vector<Observation> out;
  for (TsanReport& r : ParseTsanLog(text)) {
    out.push_back({Signature(r.kind, r.stacks), r.kind, r.headline, r.location,
                   std::move(r.stacks), source});
  }
  return out;
}

Observation ObserveHang(double limit_seconds, const std::string& gdb_output,
                        const std::string& source) {
  std::ostringstream headline;
  headline << "no exit within the " << limit_seconds << " s limit; ended";
  std::vector<Stack> stacks = ParseGdbBacktraces(gdb_output);
  return {Signature("hang", stacks), "hang", headline.str(), "",
          std::move(stacks),         source};
}

Observation ObserveCrash(int signal) {
  std::string kind = "crash (" + SignalName(signal) + ")";
  return {Signature(kind, {}),
          kind,
          "killed by " + SignalName(signal) + " (" + strsignal(signal) +
              "), not reported by ThreadSanitizer",
          "",
          {},
          ""};
}

std::vector<Finding> Aggregate(const std::vector<RunRecord>& runs) {
  std::map<std::string, Finding> by_signature;
  for (const RunRecord& run : runs) {
    std::vector<std::string> seen_in_run;
    for (const Observation& o : run.observations) {
      Finding& f = by_signature[o.signature];
      if (f.count == 0) {
        f = {o.signature, o.kind, o.headline, o.location, o.stacks,
             0,           0,      run.index,  o.source};
      }
      ++f.reports;
      if (std::find(seen_in_run.begin(), seen_in_run.end(), o.signature) ==
          seen_in_run.end()) {
        seen_in_run.push_back(o.signature);
        ++f.count;
      }
    }
  }
  std::vector<Finding> out;
  for (auto& [sig, f] : by_signature) out.push_back(std::move(f));
  std::sort(out.begin(), out.end(), [](const Finding& a, const Finding& b) {
    return a.count != b.count ? a.count > b.count : a.first_run < b.first_run;
  });
  return out;
}

nlohmann::json RunJson(const RunRecord& r) {
  nlohmann::json signatures = nlohmann::json::array();
  for (const Observation& o : r.observations) {
    if (std::find(signatures.begin(), signatures.end(), o.signature) ==
        signatures.end())
      signatures.push_back(o.signature);
  }
  nlohmann::json out = {
      {"run", r.index},
      {"seed", r.schedule.seed},
      {"pu", r.schedule.pu < 0 ? nlohmann::json("all")
                               : nlohmann::json(r.schedule.pu)},
      {"load_pus", r.schedule.load_pus},
      {"schedule", r.schedule.Describe()},
      {"folder", r.folder},
      {"argv", r.argv},
      {"tsan_options", r.tsan_options},
      {"outcome", r.outcome},
      {"wall_seconds", r.wall_seconds},
      {"reports", r.observations.size()},
      {"findings", signatures}};
  if (r.outcome == "exited") out["exit_code"] = r.exit_code;
  if (r.outcome == "signalled") out["signal"] = SignalName(r.signal);
  if (!r.note.empty()) out["note"] = r.note;
  return out;
}

nlohmann::json FindingJson(const Finding& f, int runs) {
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
          {"count", f.count},
          {"runs", runs},
          {"hit_rate", runs > 0 ? double(f.count) / runs : 0.0},
          {"first_run", f.first_run},
          {"reports", f.reports},
          {"example", f.example},
          {"key_frames", key_frames},
          {"stacks", stacks}};
}

void PrintFindings(std::ostream& out, const std::string& target,
                   const std::vector<Finding>& findings, int runs) {
  if (findings.empty()) {
    out << target << ": nothing found in " << runs << " run(s)\n";
    return;
  }
  out << target << ": " << findings.size() << " finding(s) in " << runs
      << " run(s)\n"
      << "  " << std::left << std::setw(18) << "signature" << std::setw(24)
      << "kind" << std::setw(8) << "runs" << std::setw(7) << "rate"
      << std::setw(7) << "first"
      << "where\n";
  for (const Finding& f : findings) {
    std::string where = Where(f);
    constexpr size_t kWidth = 160;  // one finding a line on a wide terminal
    if (where.size() > kWidth) where = where.substr(0, kWidth - 3) + "...";
    std::ostringstream rate;
    rate << std::fixed << std::setprecision(0) << 100.0 * f.count / runs << "%";
    out << "  " << std::left << std::setw(18) << f.signature << std::setw(24)
        << f.kind << std::setw(8)
        << (std::to_string(f.count) + "/" + std::to_string(runs))
        << std::setw(7) << rate.str() << std::setw(7) << f.first_run << where
        << "\n";
  }
}

}  // namespace mt::harness
