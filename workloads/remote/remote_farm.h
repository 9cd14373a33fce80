// Worker processes squaring numbers for the `remote` scenario: a farm on the
// TaskMaster or on Redis lists runs batches of tasks and checks every
// result; the fault drill kills a worker mid-task, tries a wrong authkey and
// sends bad frames, and counts what was lost.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "workloads/base/worker_hook.h"
#include "workloads/remote/redis_queue.h"

namespace mt::workloads {

// The seeds' authkey.
inline constexpr const char* kFarmAuthkey = "hello world";

// Thread safety: one thread drives a farm.
class SquaresFarm {
 public:
  virtual ~SquaresFarm() = default;  // sends the workers home and reaps them
  // Puts `count` tasks and waits for their results; returns how many were
  // wrong or never came (0 when all are right).
  virtual std::int64_t RunBatch(int count) = 0;
};

// `workers` processes connected to a TaskMaster on 127.0.0.1 (its threads
// are started by the calling thread), each task carrying `numbers` numbers;
// worker i calls on_start(i, workers) in its process first. nullptr with
// `error` set on failure.
std::unique_ptr<SquaresFarm> StartMasterFarm(
    int workers, int numbers, std::string* error,
    const OnWorkerStart& on_start = {});
// The same through the Redis lists of `server` (password kFarmAuthkey).
std::unique_ptr<SquaresFarm> StartRedisFarm(const RedisServer& server,
                                            int workers, int numbers,
                                            std::string* error,
                                            const OnWorkerStart& on_start = {});

struct FaultReport {
  bool wrong_key_refused = false;   // a worker with another authkey
  std::int64_t probes = 0;          // bad frames sent, one per connection
  std::int64_t probes_dropped = 0;  // ... after which the master hung up
  bool worker_killed = false;       // SIGKILLed holding a task
  std::int64_t requeued = 0;        // tasks the master handed out again
  std::int64_t lost = 0, duplicated = 0, wrong = 0;  // over all tasks
  std::string error;  // why the drill could not run

  // Every count above by its name, for reports.
  std::vector<std::pair<std::string, double>> Counts() const {
    return {{"wrong_key_refused", wrong_key_refused},
            {"probes", double(probes)},
            {"probes_dropped", double(probes_dropped)},
            {"worker_killed", worker_killed},
            {"requeued", double(requeued)},
            {"lost", double(lost)},
            {"duplicated", double(duplicated)},
            {"wrong", double(wrong)}};
  }
};

// On one master with `tasks` tasks: a wrong authkey, malformed and oversized
// frames, a worker process killed holding its third task, then two workers
// finishing the queue. The worker processes call on_start(i, 3) first: the
// doomed one 0, the two that finish 1 and 2.
inline constexpr int kDrillWorkers = 3;
FaultReport RunFaultDrill(int tasks, const OnWorkerStart& on_start = {});

}  // namespace mt::workloads
