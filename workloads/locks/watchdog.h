// Watchdog for real deadlocks: threads blocked on tracked locks form a
// wait-for graph (waiter -> holder); a cycle that persists is a deadlock,
// reported with who holds and who waits for what. A long wait that is not a
// cycle (a lost wake-up, a holder that never releases) is a stall.
#pragma once

#include <chrono>
#include <condition_variable>
#include <functional>
#include <string>
#include <thread>
#include <unordered_map>
#include <vector>

#include "workloads/base/mutex.h"
#include "workloads/base/thread_annotations.h"
#include "workloads/locks/lock_order.h"
#include "workloads/locks/tracked_mutex.h"

namespace mt::workloads {

struct WaitReport {
  enum class Kind { kDeadlock, kStall };
  struct Party {
    std::string thread;
    std::vector<std::pair<std::string, Site>> holds;  // lock, where taken
    std::string waits_for;  // a lock's or a condition's name
    bool on_condition = false;
    Site wait_site;
    std::string held_by;  // the holder's name; empty for a condition
  };
  Kind kind = Kind::kDeadlock;
  // Deadlock: the cycle, each party waiting for the next one's lock.
  // Stall: the chain from the stalled waiter to where it ends.
  std::vector<Party> parties;
  std::string why;  // stall: why the chain is not a deadlock
  std::chrono::milliseconds waited{0};  // stall: at least this long
  std::string ToString() const;
};

// The watchdog's judgement, apart from its thread, so tests can feed it
// snapshots. A wait counts once the same wait (same odd wait_seq) is seen
// in two consecutive scans: the thread never stopped waiting in between.
// Thread safety: one caller at a time.
class WaitForAnalysis {
 public:
  using Clock = std::chrono::steady_clock;
  explicit WaitForAnalysis(std::chrono::milliseconds stall_after)
      : stall_after_(stall_after) {}
  // New reports from one snapshot taken at `now`; each situation once.
  std::vector<WaitReport> Scan(const tracking::Snapshot& snap,
                               Clock::time_point now);

 private:
  struct Seen {
    std::uint64_t seq = 0;
    Clock::time_point since;
    int scans = 0;
    bool reported = false;
  };
  std::chrono::milliseconds stall_after_;
  std::unordered_map<std::uint64_t, Seen> seen_;  // by thread serial
};

// Scans tracked threads every bound/4 on its own thread, so a deadlock is
// reported within bound/2 plus a scan of its forming. Stalls are reported
// once a wait lasts `bound`.
// Thread safety: construct and destroy on one thread; Reports() from any.
class DeadlockWatchdog {
 public:
  struct Options {
    std::chrono::milliseconds bound{1000};
    // kAbort: std::abort() after reporting a deadlock, ending the process
    // (its parent records it). Stalls may yet end, so they are only reported.
    OnCycle mode = OnCycle::kReport;
    // Called on the watchdog's thread for each report; without it, reports
    // are only collected.
    std::function<void(const WaitReport&)> on_report;
  };
  explicit DeadlockWatchdog(Options options);
  ~DeadlockWatchdog();  // stops and joins its thread
  DeadlockWatchdog(const DeadlockWatchdog&) = delete;
  DeadlockWatchdog& operator=(const DeadlockWatchdog&) = delete;

  std::vector<WaitReport> Reports() const;

 private:
  void Run();

  const Options options_;
  mutable Mutex mu_;
  std::condition_variable wake_;
  bool stop_ GUARDED_BY(mu_) = false;
  std::vector<WaitReport> reports_ GUARDED_BY(mu_);
  std::thread thread_;
};

}  // namespace mt::workloads
