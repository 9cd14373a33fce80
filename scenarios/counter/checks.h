// The counter scenario's claims over its results, and the bare yardstick
// (scenarios/counter.cc lists the claims with their sentences and checks).
#pragma once

#include <string>

#include "harness/claims.h"

namespace mt::scenarios::counter {

// The variants that keep nothing (racy, split_rmw in the list of
// workloads/shared_state/counter_variants.h) lose updates (lost > 0) on every
// run with 2+ threads.
harness::Outcome UnlockedLoses(const harness::Results& r);
// No run of an exact variant of the list (locked, atomic, sharded) loses an
// update, in any repetition.
harness::Outcome LockedLosesNothing(const harness::Results& r);
// mutex ops/s on all PUs over 1 thread < 1.2; sharded_padded as the control.
harness::Outcome LockSerialises(const harness::Results& r);
// The seeds' account `shape` (balance, deposit) ends off `expected` without a
// lock (median) and on it with one (every repetition).
harness::Outcome AccountDrifts(const harness::Results& r,
                               const std::string& shape, double expected);
// Registers counter/self_check/{bare,pinned}/{atomic,mutex}/round:N: one
// uncontended loop in a bare Google Benchmark loop and through AddPinned, in
// alternating rounds, for HarnessIsFree.
void RegisterSelfCheck();
// The pinned loops' least CPU ns/op at most 10 % above the bare loops'.
harness::Outcome HarnessIsFree(const harness::Results& r);

}  // namespace mt::scenarios::counter
