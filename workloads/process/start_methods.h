// Every way to start a task that the spawn scenario compares, by name, each
// as one operation: start the task, let it finish, reap it, check it.
#pragma once

#include <functional>
#include <string>
#include <vector>

#include "workloads/base/worker_hook.h"

namespace mt::workloads {

// One start of a task and its end; throws when the task did not end as
// expected (an exit status other than 0, a wrong result, a failed call).
using StartOp = std::function<void()>;

struct StartMethod {
  const char* name;  // e.g. "fork_exit", "posix_spawn", "pool"
  // Runs before timing (a pool starts its workers here, each calling
  // on_start(i, pooled_workers) first) and returns the operation; the
  // operation owns whatever it needs. A child started per operation calls
  // nothing: it runs where its parent is bound, untouched by the timing.
  std::function<StartOp(const OnWorkerStart& on_start)> prepare;
  int pooled_workers = 0;  // workers prepare starts and keeps (a pool's)
};

// Thread safety: prepare and the operation it returns run on one thread (the
// benchmark's); the pool method's operation owns a pool of its own.
// fork_exit, vfork_exit, clone_vm_vfork, fork_exec, posix_spawn, thread,
// mp_spawn, mp_fork, pool. `helper` is the exec target (tools/spawn_target).
// The task (mp_*, pool) is ~1 µs of compute, so that starting it dominates.
std::vector<StartMethod> StartMethods(const std::string& helper);

}  // namespace mt::workloads
