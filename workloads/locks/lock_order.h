// Lock-order graph, in the spirit of Linux's lockdep and Abseil's deadlock
// detection: an edge A -> B says "B was requested while A was held"; an edge
// that closes a cycle is a potential deadlock, reported when first seen.
#pragma once

#include <cstdint>
#include <deque>
#include <functional>
#include <source_location>
#include <span>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "workloads/base/mutex.h"
#include "workloads/base/thread_annotations.h"

namespace mt::workloads {

// Every tracked lock (and condition) has an id that is never reused, so a
// cached edge can never be mistaken for one between later locks.
using LockId = std::uint64_t;
LockId NewLockId();

#if defined(__cpp_lib_source_location)
using SourceLocation = std::source_location;
#else
// Clang before 15 with libstdc++ (the tsan preset) has no
// std::source_location; the builtins it is made of say the same.
struct SourceLocation {
  static constexpr SourceLocation current(
      const char* file = __builtin_FILE(),
      const char* function = __builtin_FUNCTION(),
      std::uint_least32_t line = __builtin_LINE()) noexcept {
    SourceLocation loc;
    loc.file_ = file;
    loc.function_ = function;
    loc.line_ = line;
    return loc;
  }
  constexpr const char* file_name() const noexcept { return file_; }
  constexpr const char* function_name() const noexcept { return function_; }
  constexpr std::uint_least32_t line() const noexcept { return line_; }

 private:
  const char* file_ = "";
  const char* function_ = "";
  std::uint_least32_t line_ = 0;
};
#endif

// Where a lock was taken. A source location cannot be rebuilt from parts,
// so the parts are kept (they point at static strings).
struct Site {
  const char* file = "";
  const char* function = "";
  std::uint32_t line = 0;
  static Site From(const SourceLocation& loc) {
    return {loc.file_name(), loc.function_name(), loc.line()};
  }
  std::string ToString() const;  // "file.cc:12 in function"
};

struct HeldLock {
  LockId id = 0;
  Site site;  // where it was taken
};

// One edge of a cycle: `thread` requested `to` at `to_site` while holding
// `from`, which it had taken at `from_site`.
struct LockOrderEdge {
  std::string from, to;
  Site from_site, to_site;
  std::string thread;
};

// A cycle in acquisition order: edges[i].to == edges[i + 1].from and the
// last edge leads back to the first lock. One edge (a lock requested while
// already held) is a self-deadlock.
struct CycleReport {
  std::vector<LockOrderEdge> edges;
  std::string ToString() const;  // several lines, one per edge
};

enum class OnCycle { kReport, kAbort };

// Thread safety: every method from any thread. RecordRequest takes the
// graph's mutex; callers keep a cache of edges already recorded (see
// tracked_mutex.h) so that steady-state locking never reaches it.
class LockOrderGraph {
 public:
  struct Options {
    OnCycle mode = OnCycle::kReport;
    // Called once per new cycle, on the requesting thread, holding no lock
    // of the graph, before std::abort() in kAbort mode. Without it, reports
    // are only collected (Reports()).
    std::function<void(const CycleReport&)> on_cycle;
  };

  LockOrderGraph() = default;
  explicit LockOrderGraph(Options options) : options_(std::move(options)) {}
  // The graph tracked locks use unless given another.
  static LockOrderGraph& Global();
  void SetOptions(Options options);

  void AddLock(LockId id, std::string name);
  // Forgets the lock and every edge to or from it (it was destroyed).
  void RemoveLock(LockId id);

  // `thread` requests `to` at `site` while holding `held` (oldest first).
  // Records each edge held -> to not seen before (ids this graph does not
  // know are skipped) and reports every cycle a new edge closes. Returns
  // the number of new cycles.
  int RecordRequest(std::span<const HeldLock> held, LockId to, const Site& site,
                    std::string_view thread);

  bool HasEdge(LockId from, LockId to) const;
  std::uint64_t CycleCount() const;
  // The most recent reports (at most kKeptReports).
  std::vector<CycleReport> Reports() const;
  void ClearReports();

  // A run that closes thousands of cycles must not grow without bound;
  // the count stays exact.
  static constexpr std::size_t kKeptReports = 64;

 private:
  struct EdgeInfo {
    Site from_site, to_site;
    std::string thread;
  };
  // A path from `start` to `goal` over recorded edges (breadth first, so
  // the shortest), as the list of locks after `start`; empty when none.
  std::vector<LockId> PathLocked(LockId start, LockId goal) const REQUIRES(mu_);
  CycleReport MakeReportLocked(LockId from, LockId to,
                               const std::vector<LockId>& path) const
      REQUIRES(mu_);

  mutable Mutex mu_;
  Options options_ GUARDED_BY(mu_);
  std::unordered_map<LockId, std::string> names_ GUARDED_BY(mu_);
  std::unordered_map<LockId, std::unordered_map<LockId, EdgeInfo>> out_
      GUARDED_BY(mu_);
  // For RemoveLock.
  std::unordered_map<LockId, std::vector<LockId>> in_ GUARDED_BY(mu_);
  std::deque<CycleReport> reports_ GUARDED_BY(mu_);
  std::uint64_t cycles_ GUARDED_BY(mu_) = 0;
};

}  // namespace mt::workloads
