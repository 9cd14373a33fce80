// The task of a started process and its serving loop (libc only).
#include "workloads/process/spawn_task.h"

#include <sys/resource.h>

#include <cstdlib>

#include "workloads/compute/compute.h"
#include "workloads/process/spawn_io.h"

namespace mt::workloads {

std::uint64_t RunSpawnTask(const SpawnTask& task) {
  if (task.crash != 0) {
    const rlimit no_core{0, 0};  // a deliberate crash leaves no core file
    setrlimit(RLIMIT_CORE, &no_core);
    std::abort();
  }
  return ComputeSeries(task.steps, task.seed);
}

int ServeSpawnTasks(int in_fd, int out_fd) {
  for (;;) {
    SpawnTask task;
    const long got = ReadFull(in_fd, &task, sizeof task);
    if (got == 0) return 0;
    if (got != static_cast<long>(sizeof task)) return 1;
    const std::uint64_t result = RunSpawnTask(task);
    if (!WriteFull(out_fd, &result, sizeof result)) return 1;
  }
}

}  // namespace mt::workloads
