// Errors shared by the thread and process pools: misuse of their life cycle
// (multiprocessing.Pool's ValueError) and a task that failed in a worker.
#pragma once

#include <stdexcept>

namespace mt::workloads {

// A submit after Close(), or Join() before Close().
class PoolStateError : public std::logic_error {
 public:
  using std::logic_error::logic_error;
};

// A task failed where the caller cannot catch it directly: it threw in a
// worker process (what() carries its message), or its worker died.
class TaskFailed : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

}  // namespace mt::workloads
