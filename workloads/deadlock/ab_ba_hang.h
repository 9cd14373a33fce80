// The seeds' AB/BA deadlock for real, inside a forked child so the hung
// threads die with it: a watchdog in abort mode reports the cycle through a
// pipe and ends the child, as it would end any process that deadlocked.
#pragma once

#include <signal.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <string>

#include "workloads/deadlock/ab_ba.h"
#include "workloads/locks/tracked_mutex.h"
#include "workloads/locks/watchdog.h"
#include "workloads/process/forked.h"

namespace mt::workloads {

struct AbBaHang {
  ForkedResult child;
  bool reported = false;  // ended by the watchdog, with a deadlock report
  std::string report;     // WaitReport::ToString()
  // When the cycle closed (the later of the two threads asked for its
  // second lock) and when the watchdog reported it; steady_clock ns.
  std::int64_t formed_ns = 0, reported_ns = 0;
};

// Runs RunAbBa(kOpposite, kTogether) on BasicTrackedMutex<Lockable> in a
// child. `pause(t)` runs in thread t ("thread 1", "thread 2") holding its
// first lock: a sleep, as in the seeds, or a barrier. The child is killed at
// `limit` if nothing ended it (say, the pause let one thread finish first).
// Each thread calls on_start(t - 1, 2) first (RunAbBa).
// Thread safety: call it while the caller has one thread (RunForked forks).
template <typename Lockable, typename Pause>
AbBaHang HangAbBaInChild(Pause pause, std::chrono::milliseconds bound,
                         std::chrono::milliseconds limit,
                         const OnWorkerStart& on_start = {}) {
  auto now = [] {
    return std::chrono::steady_clock::now().time_since_epoch().count();
  };
  AbBaHang hang;
  hang.child = RunForked(
      [&](int fd) {
        BasicTrackedMutex<Lockable> a("mutexA"), b("mutexB");
        // Memory ordering: relaxed; read after both threads blocked.
        std::atomic<std::int64_t> asked[3] = {};
        DeadlockWatchdog watchdog(
            {bound, OnCycle::kAbort, [&](const WaitReport& r) {
               const std::int64_t formed =
                   std::max(asked[1].load(), asked[2].load());
               WriteAll(fd, std::to_string(formed) + " " +
                                std::to_string(now()) + "\n" + r.ToString());
             }});
        RunAbBa(a, b, AbBaOrder::kOpposite, AbBaSchedule::kTogether,
                [&](int t) {
                  SetTrackedThreadName("thread " + std::to_string(t));
                  pause(t);
                  asked[t].store(now(), std::memory_order_relaxed);
                },
                on_start);
      },
      limit);
  const std::string& out = hang.child.output;
  const auto line_end = out.find('\n');
  if (hang.child.signal == SIGABRT && line_end != std::string::npos) {
    hang.reported = true;
    hang.formed_ns = std::stoll(out);
    hang.reported_ns = std::stoll(out.substr(out.find(' ') + 1));
    hang.report = out.substr(line_end + 1);
  }
  return hang;
}

}  // namespace mt::workloads
