// Figures of the tls scenario's results, for its claims and its analysis.
#pragma once

#include <map>
#include <string>
#include <string_view>

#include "harness/claims.h"

namespace mt::scenarios::tls {

// Regex prefix of store `store`'s benchmarks, to be followed by a thread
// count: "^tls/access/<store>/.*/threads:".
std::string Base(std::string_view store);
// CPU ns one thread spends per access on `threads` threads (first pin
// policy measured). CPU rather than wall time: on a shared machine a
// preempted thread's wall time says nothing of the lookup.
double NsPerAccess(const harness::Results& r, std::string_view store,
                   int threads);
// The most threads measured.
int MaxThreads(const harness::Results& r);
// Per store and on 1 and the most threads, CPU ns per access over passing
// the value down: what the lookup itself costs.
std::map<std::string, double> LookupCost(const harness::Results& r);

}  // namespace mt::scenarios::tls
