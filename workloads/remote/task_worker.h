// The seeds' task_worker: connects to a TaskMaster with the authkey, takes
// tasks, squares their numbers and returns the results until told to leave.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

namespace mt::workloads {

struct WorkerOptions {
  std::string host = "127.0.0.1";
  std::uint16_t port = 0;
  std::string authkey;
  // Fault injection: after receiving this many tasks (0: never), call
  // on_hold and return without answering the last one, as if the worker
  // died mid-task (a forked worker pauses in on_hold and is killed).
  std::int64_t hold_after_tasks = 0;
  std::function<void()> on_hold{};
};

struct WorkerOutcome {
  bool authenticated = false;  // the master accepted our authkey
  std::int64_t tasks_done = 0;
  std::string error;  // empty when the master sent everyone home
};

// Thread safety: every function runs on the calling thread with sockets of
// its own; any number of threads (or forked processes) may run workers.

// Runs one worker on the calling thread until the master has no more tasks.
WorkerOutcome RunWorker(const WorkerOptions& options);

// Connects with `authkey`, sends `bytes` where a request belongs and returns
// whether the master then hung up, as it must on a malformed frame.
bool MasterDropsAfter(std::uint16_t port, const std::string& authkey,
                      const std::vector<std::uint8_t>& bytes);

// n * n for every n, wrapping as unsigned 64-bit arithmetic does.
std::vector<std::int64_t> SquareAll(const std::vector<std::int64_t>& numbers);

}  // namespace mt::workloads
