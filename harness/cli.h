// The mtbench command line: list, topo, run (and the internal child verb).
#pragma once

#include <string>
#include <vector>

namespace mt::harness {

// Runs `mtbench ARGS...`; returns the process exit status (2 on usage errors).
int Main(const std::vector<std::string>& args);

}  // namespace mt::harness
