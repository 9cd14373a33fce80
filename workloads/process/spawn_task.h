// The task a started process runs (the same work for every start method) and
// the loop that serves such tasks over a pipe. Kept apart from spawn.h so the
// exec target tools/spawn_target links no more than this and libc.
#pragma once

#include <cstdint>

namespace mt::workloads {

// The work handed to a started task: ComputeSeries(steps, seed). `crash`
// makes the task abort() instead, to test the failure paths.
struct SpawnTask {
  std::uint64_t steps = 0;
  std::uint64_t seed = 1;
  std::uint32_t crash = 0;
};

// Thread safety: pure but for the fds; any thread.

// Runs `task` in the calling process.
std::uint64_t RunSpawnTask(const SpawnTask& task);

// The serving loop of a task process: reads SpawnTasks from `in_fd`, writes
// each result to `out_fd` until end of file. Returns 0 at end of file, 1 on
// an I/O error.
int ServeSpawnTasks(int in_fd, int out_fd);

}  // namespace mt::workloads
