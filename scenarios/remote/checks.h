// The remote scenario's claims and analysis over its results
// (scenarios/remote.cc lists the claims with their sentences and checks).
#pragma once

#include <map>
#include <string>
#include <utility>

#include "harness/claims.h"

namespace mt::scenarios::remote {

// The master's tasks/s at `a` (workers, numbers) over that at `b`, judged by
// `holds`.
harness::Outcome MasterRatio(const harness::Results& r, std::pair<int, int> a,
                             std::pair<int, int> b, bool holds(double));
// The fault drill's `check`: "auth" (the wrong key refused), "frames" (bad
// frames dropped, nothing lost) or "kill" (a killed worker's task handed out
// again; nothing lost, duplicated or wrong in any repetition).
harness::Outcome DrillFigure(const harness::Results& r,
                             const std::string& check);
// Our master's tasks/s over Redis's, for every pair measured on both.
std::map<std::string, double> MasterOverRedis(const harness::Results& r);

}  // namespace mt::scenarios::remote
