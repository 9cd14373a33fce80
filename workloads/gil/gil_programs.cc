// Interpreter threads and processes for the GIL emulator.
#include "workloads/gil/gil_programs.h"

#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <csignal>
#include <cstring>
#include <latch>
#include <thread>

#include "workloads/base/cache_line.h"
#include "workloads/process/forked.h"

namespace mt::workloads {

std::uint64_t RunBytecodes(Gil& gil, int thread, std::uint64_t bytecodes) {
  std::uint64_t sum = 0;
  gil.Take(thread);
  for (std::uint64_t i = 0; i < bytecodes; ++i) {
    sum += ExecuteBytecode(i + 1);
    gil.Check(thread);
  }
  gil.Drop(thread);
  return sum;
}

std::uint64_t RunBytecodesUntil(Gil& gil, int thread,
                                const std::atomic<bool>& stop) {
  std::uint64_t n = 0, sum = 0;
  gil.Take(thread);
  while (!stop.load(std::memory_order_relaxed)) {
    sum += ExecuteBytecode(++n);
    gil.Check(thread);
  }
  gil.Drop(thread);
  volatile std::uint64_t keep = sum;  // the work must not be optimised away
  (void)keep;
  return n;
}

std::uint64_t RunCpuThreads(Gil& gil, int threads, std::uint64_t bytecodes_each,
                            const OnWorkerStart& on_start) {
  struct alignas(kCacheLine) Slot {
    std::uint64_t sum = 0;
  };
  std::vector<Slot> sums(static_cast<size_t>(threads));
  // A start gate: thread creation takes tens of microseconds, and the first
  // thread would otherwise run alone for that long.
  std::latch go(threads);
  std::vector<std::thread> workers;
  workers.reserve(size_t(threads));
  for (int t = 0; t < threads; ++t) {
    workers.emplace_back([&, t] {
      CallWorkerHook(on_start, t, threads);
      go.arrive_and_wait();
      sums[static_cast<size_t>(t)].sum = RunBytecodes(gil, t, bytecodes_each);
    });
  }
  std::uint64_t total = 0;
  for (int t = 0; t < threads; ++t) {
    workers[static_cast<size_t>(t)].join();
    total += sums[static_cast<size_t>(t)].sum;
  }
  return total;
}

namespace {

// Waits for `pid`; true when it exited with status 0.
bool Reap(pid_t pid, std::string* error) {
  const int status = WaitChild(pid);
  if (status < 0) {
    *error = "waitpid: " + std::string(std::strerror(errno));
    return false;
  }
  const ChildExit how = DecodeWaitStatus(status);
  if (how.exited && how.code == 0) return true;
  *error = "child " + std::to_string(pid) + " ended by " + how.ToString();
  return false;
}

}  // namespace

ProcessRun RunInProcesses(int processes, const std::function<void(int)>& body,
                          const OnWorkerStart& on_start) {
  ProcessRun run;
  for (int w = 0; w < processes; ++w) {
    const pid_t pid = fork();
    if (pid == 0) {
      int code = 0;
      try {
        CallWorkerHook(on_start, w, processes);
        body(w);
      } catch (...) {
        code = 1;
      }
      _exit(code);  // no atexit handlers or stdio flushes of the parent's
    }
    if (pid < 0) {
      run.ok = false;
      run.error = "fork: " + std::string(std::strerror(errno));
      for (pid_t started : run.pids) kill(started, SIGKILL);
      break;
    }
    run.pids.push_back(pid);
  }
  for (pid_t pid : run.pids) {
    std::string why;
    if (!Reap(pid, &why) && run.ok) {
      run.ok = false;
      run.error = why;
    }
  }
  return run;
}

ProcessRun RunCpuProcesses(int processes, std::uint64_t bytecodes_each,
                           const OnWorkerStart& on_start) {
  return RunInProcesses(
      processes,
      [bytecodes_each](int) {
        Gil gil(GilPolicy::kPerProcess);  // this process's own lock
        volatile std::uint64_t keep = RunBytecodes(gil, 0, bytecodes_each);
        (void)keep;
      },
      on_start);
}

}  // namespace mt::workloads
