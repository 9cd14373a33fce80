// What `mtbench hunt` can hunt: a user's program built with ThreadSanitizer,
// or a scenario's racy and deadlock-prone benchmarks run in this mtbench's
// scenario child (which then must be a TSan build itself).
#pragma once

#include <string>
#include <vector>

#include "harness/hunt.h"

namespace mt::harness {

// "" when `path` is an executable built with TSan, else what is wrong.
std::string CheckTsanProgram(const std::string& path);

// The program `argv[0]` (looked up on PATH, made absolute so replay lines
// run from anywhere) with its arguments; an empty target with `error` set
// when it is missing or not a TSan build.
HuntTarget ProgramTarget(const std::vector<std::string>& argv,
                         std::string* error);

// The scenario `name`'s benchmarks matching `filter`, run in the child of
// `self` (this mtbench, absolute).
HuntTarget ScenarioTarget(const std::string& self, const std::string& name,
                          const std::string& filter);

}  // namespace mt::harness
