// The scheduler's summary.json read into an observation (hunt_sched.h).
#include "harness/hunt_sched.h"

#include <cctype>
#include <nlohmann/json.hpp>
#include <set>

#include "harness/run_folder.h"
#include "harness/tsan_report_signature.h"

namespace mt::harness {
namespace {

// A frame {"pc": "<module>+0x<offset>", "symbol": "<function> <file>:<l>:<c>"}.
// Without a symbol the frame is named by its module's basename and offset,
// which stay the same from run to run of one binary (ASLR moves only bases).
Frame ParseFrame(const nlohmann::json& j) {
  Frame f;
  const std::string pc = j.value("pc", ""), symbol = j.value("symbol", "");
  const size_t plus = pc.rfind("+0x");
  // The module by its file name, as TSan's reports name it.
  f.module = Basename(plus == std::string::npos ? pc : pc.substr(0, plus));
  // "<function> <file>:<line>:<col>", or "<function> (<module>+0x..) ..."
  // when the symbolizer knew no line.
  const size_t space = symbol.rfind(' ');
  const std::string last =
      space == std::string::npos ? "" : symbol.substr(space + 1);
  if (!last.empty() && last.find(':') != std::string::npos &&
      std::isdigit(static_cast<unsigned char>(last.back()))) {
    f.function = symbol.substr(0, space);
    ParseFileLine(last, &f);
  } else if (!symbol.empty()) {
    f.function = symbol.substr(0, symbol.find(" ("));
  } else {
    f.function =
        Basename(f.module) + (plus == std::string::npos ? "" : pc.substr(plus));
  }
  return f;
}

// Each thread of the report a stack; blocked threads are what the bug is.
Observation ParseReport(const nlohmann::json& report,
                        const std::string& source) {
  Observation o;
  o.kind = report.value("kind", "deadlock");
  o.source = source;
  std::set<std::string> waits;  // unique and sorted: thread count is chance
  for (const nlohmann::json& t :
       report.value("threads", nlohmann::json::array())) {
    Stack s;
    const std::string state = t.value("state", ""), wait = t.value("wait", "");
    s.title = "thread " + std::to_string(t.value("thread", -1)) + " " + state +
              " in " + t.value("op", "?") +
              (wait.empty() || wait == "none" ? "" : ", waits for " + wait);
    s.primary = state == "blocked";
    for (const nlohmann::json& fr : t.value("stack", nlohmann::json::array()))
      s.frames.push_back(ParseFrame(fr));
    if (s.primary && !wait.empty()) waits.insert(wait);
    o.stacks.push_back(std::move(s));
  }
  for (const std::string& w : waits)
    o.detail += (o.detail.empty() ? "waits: " : " ") + w;
  o.headline = o.kind + ": " + report.value("reason", "") + " at step " +
               std::to_string(report.value("step", 0)) + " (" +
               std::to_string(o.stacks.size()) + " threads" +
               (o.detail.empty() ? "" : "; " + o.detail) +
               "), reported by the controlled scheduler";
  o.signature = Signature(o.kind, o.detail, o.stacks);
  return o;
}

}  // namespace

SchedSummary ReadSchedSummary(const std::string& sched_dir,
                              const std::string& source) {
  SchedSummary out;
  const nlohmann::json j = nlohmann::json::parse(
      ReadFile(sched_dir + "/summary.json"), nullptr, false);
  if (!j.is_object() || j.value("format", "") != "mtsched-summary/1")
    return out;
  out.present = true;
  out.outcome = j.value("outcome", "");
  out.steps = j.value("steps", std::int64_t{0});
  if (j.contains("report") && j["report"].is_object()) {
    out.reported = true;
    out.report = ParseReport(j["report"], source);
  }
  return out;
}

}  // namespace mt::harness
