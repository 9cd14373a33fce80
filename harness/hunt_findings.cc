// Turning a hunt's runs (or its shards' findings) into findings.
#include "harness/hunt_findings.h"

#include <algorithm>
#include <map>

namespace mt::harness {
namespace {

std::vector<Finding> Ordered(std::map<std::string, Finding>& by_signature) {
  std::vector<Finding> out;
  for (auto& [sig, f] : by_signature) out.push_back(std::move(f));
  std::sort(out.begin(), out.end(), [](const Finding& a, const Finding& b) {
    if (a.count != b.count) return a.count > b.count;
    if (a.first_run != b.first_run) return a.first_run < b.first_run;
    return a.signature < b.signature;  // one order whatever the input order
  });
  return out;
}

}  // namespace

std::string RunSchedule::Describe() const {
  std::string out = pu < 0 ? "all PUs" : "one PU (" + std::to_string(pu) + ")";
  if (!load_pus.empty())
    out += " + load on " + std::to_string(load_pus.size()) + " PU(s)";
  return out;
}

std::vector<Finding> Aggregate(const std::vector<RunRecord>& runs) {
  std::map<std::string, Finding> by_signature;
  for (const RunRecord& run : runs) {
    std::vector<std::string> seen_in_run;
    for (const Observation& o : run.observations) {
      Finding& f = by_signature[o.signature];
      if (f.count == 0 && f.reports == 0) {
        f = {o.signature, o.kind, o.headline, o.location, o.detail,
             o.stacks,    0,      0,          run.index,  o.source};
      }
      ++f.reports;
      if (std::find(seen_in_run.begin(), seen_in_run.end(), o.signature) ==
          seen_in_run.end()) {
        seen_in_run.push_back(o.signature);
        ++f.count;
      }
    }
  }
  return Ordered(by_signature);
}

std::vector<Finding> MergeFindings(
    const std::vector<std::vector<Finding>>& parts) {
  std::map<std::string, Finding> by_signature;
  for (const std::vector<Finding>& part : parts) {
    for (const Finding& f : part) {
      auto [it, fresh] = by_signature.emplace(f.signature, f);
      if (fresh) continue;
      Finding& m = it->second;
      const int count = m.count + f.count, reports = m.reports + f.reports;
      if (f.first_run < m.first_run) m = f;
      m.count = count;
      m.reports = reports;
    }
  }
  return Ordered(by_signature);
}

}  // namespace mt::harness
