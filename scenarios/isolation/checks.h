// The isolation scenario's claims: what a crash left behind, in every
// repetition (scenarios/isolation.cc lists them with their sentences).
#pragma once

#include "harness/claims.h"

namespace mt::scenarios::isolation {

inline constexpr int kTasks = 64;  // per batch

// The process master, retrying: the crash seen, and every task done.
harness::Outcome RetryLosesNothing(const harness::Results& r);
// The process master, reporting the crashed task failed and going on.
harness::Outcome ReportsOneFailed(const harness::Results& r);
// The thread pool: the crash killed the process and the others' tasks.
harness::Outcome ThreadCrashTakesAll(const harness::Results& r);

}  // namespace mt::scenarios::isolation
