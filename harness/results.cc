// Merging scenario children's output into run.json.
#include "harness/results.h"

#include <sys/stat.h>
#include <sys/utsname.h>
#include <unistd.h>

#include <array>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <regex>
#include <sstream>

#include "harness/run_folder.h"
#include "harness/scenario.h"

namespace mt::harness {
namespace fs = std::filesystem;
namespace {

// Output of a shell command, trailing newline removed; empty on failure.
std::string CommandOutput(const std::string& command) {
  std::string out;
  FILE* pipe = popen(command.c_str(), "r");
  if (pipe == nullptr) return out;
  std::array<char, 256> buf{};
  while (fgets(buf.data(), buf.size(), pipe) != nullptr) out += buf.data();
  pclose(pipe);
  while (!out.empty() && out.back() == '\n') out.pop_back();
  return out;
}

nlohmann::json TopologyJson(const TopologySummary& t) {
  nlohmann::json caches = nlohmann::json::array();
  for (const CacheLevel& c : t.caches) {
    caches.push_back(
        {{"level", c.level}, {"bytes", c.bytes}, {"count", c.count}});
  }
  return {{"packages", t.packages}, {"cores", t.cores},
          {"pus", t.pus},           {"numa_nodes", t.numa_nodes},
          {"caches", caches},       {"summary", t.ToString()}};
}

nlohmann::json MtbenchBlock(const RunFacts& f) {
  utsname uts{};
  uname(&uts);
  const std::string git = std::string("git -C '") + MT_SOURCE_DIR + "' ";
  std::string commit = CommandOutput(git + "rev-parse HEAD 2>/dev/null");
  std::string dirty = CommandOutput(
      git + "status --porcelain --untracked-files=no 2>/dev/null");
  nlohmann::json pins = nlohmann::json::array();
  for (PinPolicy p : f.pins) pins.push_back(PinPolicyName(p));
  return {
      {"version", MT_VERSION},
      {"git_commit", commit.empty() ? "unknown" : commit},
      {"git_dirty", !dirty.empty()},
      {"preset", MT_PRESET},
      {"compiler", MT_COMPILER},
      {"kernel", std::string(uts.sysname) + " " + uts.release},
      {"started", f.started},
      {"command_line", f.command_line},
      {"topology", TopologyJson(f.topology)},
      {"pin_policies", pins},
      {"quick", f.quick},
      {"repetitions", f.repetitions},
      {"calibration",
       {{"pus", f.machine.pus},
        {"parallel_speedup", f.machine.parallel_speedup},
        {"load_average", f.machine.load_average},
        {"delivers_parallelism", f.machine.DeliversParallelism()}}},
      {"scenarios", nlohmann::json::array()},
  };
}

}  // namespace

std::string NonFiniteToNull(const std::string& text) {
  // Google Benchmark writes NaN / Infinity (JavaScript literals, not JSON),
  // e.g. the coefficient of variation of a counter that is always 0.
  static const std::regex kNonFinite(R"((:\s*)-?(NaN|Infinity)\b)");
  return std::regex_replace(text, kNonFinite, "$1null");
}

std::string CloseTruncatedBenchmarkJson(const std::string& raw) {
  std::string text = NonFiniteToNull(raw);
  if (nlohmann::json::accept(text)) return text;
  // Google Benchmark writes one entry per benchmark, each closed by a line
  // "    }" inside the "benchmarks" array; keep everything up to the last.
  size_t array = text.find("\"benchmarks\": [");
  if (array == std::string::npos) return "";
  size_t last = text.rfind("\n    }");
  std::string head = last == std::string::npos || last < array
                         ? text.substr(0, array + 15)
                         : text.substr(0, last + 6);
  return head + "\n  ]\n}\n";
}

nlohmann::json MergeRun(const RunFacts& facts,
                        const std::vector<ScenarioRecord>& scenarios) {
  nlohmann::json run = {{"context", nlohmann::json::object()},
                        {"benchmarks", nlohmann::json::array()}};
  nlohmann::json block = MtbenchBlock(facts);
  for (const ScenarioRecord& s : scenarios) {
    nlohmann::json entry = {{"name", s.name},
                            {"status", s.status},
                            {"reason", s.reason},
                            {"wall_seconds", s.wall_seconds},
                            {"benchmarks", 0},
                            {"claims", nlohmann::json::array()},
                            {"analysis", nlohmann::json::object()},
                            {"placements", nlohmann::json::array()},
                            {"errors", nlohmann::json::array()},
                            {"notes", nlohmann::json::array()},
                            {"starts_workers", ""}};
    std::string text = CloseTruncatedBenchmarkJson(ReadFile(s.benchmark_json));
    nlohmann::json gb = nlohmann::json::parse(text, nullptr, false);
    if (gb.is_object()) {
      if (run["context"].empty() && gb.contains("context")) {
        run["context"] = gb["context"];
        run["context"].erase("mtbench_scenario");
      }
      for (auto& b : gb.value("benchmarks", nlohmann::json::array())) {
        run["benchmarks"].push_back(b);
        entry["benchmarks"] = entry["benchmarks"].get<int>() + 1;
      }
    }
    nlohmann::json side =
        nlohmann::json::parse(ReadFile(s.sidecar_json), nullptr, false);
    if (side.is_object()) {
      for (const char* key : {"claims", "analysis", "placements", "errors",
                              "notes", "starts_workers", "binary"}) {
        if (side.contains(key)) entry[key] = side[key];
      }
    } else if (const Scenario* declared = FindScenario(s.name)) {
      // The child never judged its claims (it crashed, timed out or was
      // never reached): each is "not run", with why.
      const std::string why = "the scenario " + s.status +
                              (s.reason.empty() ? "" : ": " + s.reason);
      for (const Claim& c : declared->claims)
        entry["claims"].push_back({{"sentence", c.sentence},
                                   {"check", c.check},
                                   {"verdict", VerdictName(Verdict::kNotRun)},
                                   {"numbers", why}});
    }
    block["scenarios"].push_back(entry);
  }
  if (run["context"].empty()) {  // no child got as far as its context
    run["context"] = {{"date", facts.started},
                      {"host_name", Hostname()},
                      {"num_cpus", facts.topology.pus}};
  }
  run["context"]["mtbench"] = block;
  return run;
}

}  // namespace mt::harness
