// The pool scenario's claims over its results (scenarios/pool.cc lists them
// with their sentences and checks).
#pragma once

#include "harness/claims.h"

namespace mt::scenarios::pool {

// The knee of tasks/s over size (smallest size within 5 % of the best) lies
// within one sweep step of the core count, thread and process pools; not
// measurable when other load took the PUs.
harness::Outcome ComputeBestAtCores(const harness::Results& r);
// For waiting tasks the best size above the core count beats the core count
// by more than 1.5x, thread and process pools.
harness::Outcome IoWantsMoreWorkers(const harness::Results& r);

}  // namespace mt::scenarios::pool
