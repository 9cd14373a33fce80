// Support for the ipc scenario: the per-size summary of the results.
#pragma once

#include <map>
#include <string>

#include "harness/claims.h"

namespace mt::scenarios::ipc {

// Per shape and size, the fastest backend between processes under any pin
// policy measured:
// "msgs_per_s/size:N/<backend>" and "roundtrip_us/size:N/<backend>".
std::map<std::string, double> Fastest(const harness::Results& r);

}  // namespace mt::scenarios::ipc
