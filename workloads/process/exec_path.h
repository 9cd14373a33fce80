// Where a program lives, as execve needs it: the one PATH lookup of the
// project (the hunt's programs and gdb, redis-server, python3).
// Thread safety: reads the environment; call while no thread changes it.
#pragma once

#include <string>

namespace mt::workloads {

// `name` itself when it contains a '/' (a path, checked executable), else the
// first executable `name` in $PATH's folders (an empty entry is the current
// folder); "" when there is none.
std::string FindOnPath(const std::string& name);

}  // namespace mt::workloads
