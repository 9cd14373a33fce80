// The mtbench command line: `mtbench VERB ...` dispatched to the verbs that
// registered themselves (verbs.h); `mtbench --help` lists them.
#pragma once

#include <string>
#include <vector>

namespace mt::harness {

// Runs `mtbench ARGS...`; returns the process exit status (2 on usage errors).
// Thread safety: on the process's main thread, once: verbs install signal
// handlers (interrupt.h), fork children and may run scenarios in-process.
int Main(const std::vector<std::string>& args);

}  // namespace mt::harness
