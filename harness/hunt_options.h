// `mtbench hunt`'s options: declared on a Flags parser into a request, and
// the request checked as a whole (one target kind, shards with a seed, a
// shard index from the environment, a time budget alone).
#pragma once

#include <string>
#include <vector>

#include "harness/flags.h"
#include "harness/hunt.h"

namespace mt::harness {

// The command line as given: the hunt's options and what it names.
struct HuntRequest {
  HuntOptions o;
  std::vector<std::string> scenarios;  // --scenario, repeated
  std::string filter;                  // --filter
  bool all = false;                    // --all-scenarios
  bool runs_given = false, seed_given = false, strategy_given = false;
  int shard_count = 0;  // --shard N: the index from the environment
  bool shard_index_given = false;
};

// Declares every option of `mtbench hunt` on `flags`, writing into `r`.
void DeclareHuntFlags(Flags& flags, HuntRequest& r);

// What is wrong with the request as a whole, or ""; completes it (the shard
// from the environment, runs unbounded under a time budget alone).
std::string CheckHuntRequest(HuntRequest& r, bool program_given);

}  // namespace mt::harness
