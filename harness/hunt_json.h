// races.json's entries for runs and findings (results/README.md), and
// findings read back from them, so that shards of a hunt can be merged.
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "harness/hunt_findings.h"

namespace mt::harness {

nlohmann::json RunJson(const RunRecord& run);

// `runs` is the number of runs the hit rate is over; `where` is what the
// table shows for it (FindingLabels).
nlohmann::json FindingJson(const Finding& f, int runs,
                           const std::string& where);

// A target's findings, each with its label (FindingLabels) as `where`.
nlohmann::json FindingsJson(const std::vector<Finding>& findings, int runs);

// A finding as FindingJson wrote it; false with `error` set when a key is
// missing or of the wrong type.
bool FindingFromJson(const nlohmann::json& j, Finding* f, std::string* error);

// "SIGSEGV" for 11; "signal N" when the number has no name.
std::string SignalName(int signal);

}  // namespace mt::harness
