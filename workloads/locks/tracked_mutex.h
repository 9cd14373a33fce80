// A mutex wrapper with a name that feeds the lock-order graph (edges recorded
// before blocking) and publishes who holds and who waits for what, for the
// deadlock watchdog. Usable with std::lock_guard, std::scoped_lock, std::lock.
#pragma once

#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <mutex>
#include <string>
#include <unordered_map>
#include <vector>

#include "workloads/base/cache_line.h"
#include "workloads/base/thread_annotations.h"
#include "workloads/locks/lock_order.h"
#include "workloads/locks/perturb.h"

namespace mt::workloads {

// Names the calling thread in reports ("philosopher 3"); by default a thread
// is "thread #N" in order of its first tracked lock.
void SetTrackedThreadName(std::string name);

namespace tracking {

// A Site whose parts the watchdog may read while the owner thread writes.
// Memory ordering: relaxed; the record's wait_seq publishes them.
struct AtomicSite {
  std::atomic<const char*> file{""};
  std::atomic<const char*> function{""};
  std::atomic<std::uint32_t> line{0};
  void Store(const Site& s) {
    file.store(s.file, std::memory_order_relaxed);
    function.store(s.function, std::memory_order_relaxed);
    line.store(s.line, std::memory_order_relaxed);
  }
  Site Load() const {
    return {file.load(std::memory_order_relaxed),
            function.load(std::memory_order_relaxed),
            line.load(std::memory_order_relaxed)};
  }
};

enum class WaitKind : int { kNone, kLock, kCondition };

// Lockdep's MAX_LOCK_DEPTH is 48: nesting deeper than that is a bug of its
// own. Locks beyond it are taken but not tracked (counted in `untracked`).
inline constexpr int kMaxHeld = 48;
// Direct-mapped cache of edges this thread already gave the graph: 256
// slots (4 KiB) hold the working set of any workload here.
inline constexpr int kEdgeCacheSlots = 256;

// One per thread that has touched a tracked lock. The owner thread writes
// every field; the watchdog reads the atomics under the registry's mutex.
struct alignas(kCacheLine) ThreadRecord {
  std::uint64_t serial = 0;  // immutable after registration
  std::string name;          // written under the registry's mutex
  // Odd while the thread waits (for a lock or a condition); a fresh value
  // for every wait, so a reader seeing the same odd value twice knows the
  // thread never stopped waiting in between. Memory ordering: release by
  // the owner after the wait's fields, acquire by the watchdog.
  std::atomic<std::uint64_t> wait_seq{0};
  std::atomic<int> wait_kind{0};
  std::atomic<LockId> wait_for{0};
  AtomicSite wait_site;
  std::atomic<int> depth{0};
  std::atomic<int> untracked{0};
  struct Held {
    std::atomic<LockId> id{0};
    AtomicSite site;
  } held[kMaxHeld];
  // Owner thread only.
  std::uint64_t edge_cache[kEdgeCacheSlots][2] = {};

  void BeginWait(WaitKind kind, LockId id, const Site& site) {
    wait_kind.store(static_cast<int>(kind), std::memory_order_relaxed);
    wait_for.store(id, std::memory_order_relaxed);
    wait_site.Store(site);
    const std::uint64_t s = wait_seq.load(std::memory_order_relaxed);
    wait_seq.store((s | 1) + 2, std::memory_order_release);  // fresh, odd
  }
  void EndWait() {
    const std::uint64_t s = wait_seq.load(std::memory_order_relaxed);
    wait_seq.store((s | 1) + 1, std::memory_order_release);  // even
  }
};

// The calling thread's record, registered on first use; null once the
// thread's records were torn down at exit (its locks go untracked).
ThreadRecord* Self();
inline thread_local ThreadRecord* tls_self = nullptr;
inline ThreadRecord* Current() {
  ThreadRecord* self = tls_self;
  return self != nullptr ? self : Self();
}

// What the watchdog sees at one instant (taken under the registry's mutex).
struct ThreadView {
  std::uint64_t serial = 0;
  std::string name;
  std::uint64_t wait_seq = 0;  // odd while waiting
  WaitKind wait_kind = WaitKind::kNone;
  LockId wait_for = 0;
  Site wait_site;
  std::vector<HeldLock> held;  // oldest first
};
struct LockView {
  std::string name;
  std::uint64_t owner = 0;  // thread serial; 0 when free
  bool is_condition = false;
};
struct Snapshot {
  std::vector<ThreadView> threads;
  std::unordered_map<LockId, LockView> locks;
};
Snapshot TakeSnapshot();

}  // namespace tracking

// The part of a tracked lock that does not depend on the lock underneath.
class TrackedLockBase {
 public:
  TrackedLockBase(const TrackedLockBase&) = delete;
  TrackedLockBase& operator=(const TrackedLockBase&) = delete;
  const std::string& name() const { return name_; }
  LockId id() const { return id_; }
  // Serial of the holding thread, 0 when free (a snapshot).
  std::uint64_t owner() const { return owner_.load(std::memory_order_acquire); }

 protected:
  TrackedLockBase(std::string name, LockOrderGraph& graph);
  ~TrackedLockBase();

  // Before blocking: the edges held -> this go to the graph (once per
  // thread and edge), then the wait is published.
  tracking::ThreadRecord* BeforeLock(const Site& site) {
    tracking::ThreadRecord* self = tracking::Current();
    if (self == nullptr) return nullptr;
    if (self->depth.load(std::memory_order_relaxed) > 0)
      RecordEdges(*self, site);
    self->BeginWait(tracking::WaitKind::kLock, id_, site);
    return self;
  }
  void AfterLock(tracking::ThreadRecord* self, const Site& site) {
    if (self == nullptr) return;
    self->EndWait();
    Push(*self, site);
  }
  // try_lock adds no edge: it cannot block, so it cannot close a wait cycle
  // (std::lock and std::scoped_lock rely on it for their back-off).
  void AfterTryLock(const Site& site) {
    if (tracking::ThreadRecord* self = tracking::Current()) Push(*self, site);
  }
  void BeforeUnlock();

 private:
  void Push(tracking::ThreadRecord& self, const Site& site) {
    const int d = self.depth.load(std::memory_order_relaxed);
    if (d == tracking::kMaxHeld) {
      self.untracked.store(self.untracked.load(std::memory_order_relaxed) + 1,
                           std::memory_order_relaxed);
    } else {
      self.held[d].id.store(id_, std::memory_order_relaxed);
      self.held[d].site.Store(site);
      self.depth.store(d + 1, std::memory_order_relaxed);
    }
    owner_.store(self.serial, std::memory_order_release);
  }
  void RecordEdges(tracking::ThreadRecord& self, const Site& site);

  const LockId id_;
  const std::string name_;
  LockOrderGraph& graph_;
  std::atomic<std::uint64_t> owner_{0};
};

// Meets Lockable (lock, try_lock, unlock) over any Lockable underneath. The
// site defaults to the caller's line; std::lock_guard and std::scoped_lock
// call lock() from inside the standard headers, so prefer TrackedGuard for
// useful sites.
// Thread safety: as the lock underneath; unlock by the holder.
template <typename Lockable>
class CAPABILITY("mutex") BasicTrackedMutex : public TrackedLockBase {
 public:
  explicit BasicTrackedMutex(std::string name,
                             LockOrderGraph& graph = LockOrderGraph::Global())
      : TrackedLockBase(std::move(name), graph) {}

  void lock(SourceLocation at = SourceLocation::current()) ACQUIRE() {
    Perturb();
    const Site site = Site::From(at);
    tracking::ThreadRecord* self = BeforeLock(site);
    lock_.lock();
    AfterLock(self, site);
  }
  bool try_lock(SourceLocation at = SourceLocation::current())
      TRY_ACQUIRE(true) {
    Perturb();
    if (!lock_.try_lock()) return false;
    AfterTryLock(Site::From(at));
    return true;
  }
  void unlock() RELEASE() {
    BeforeUnlock();
    lock_.unlock();
    Perturb();  // after the release: never lengthens the hold
  }

 private:
  Lockable lock_;
};

using TrackedMutex = BasicTrackedMutex<std::mutex>;

// std::lock_guard that records the caller's line as the acquisition site.
template <typename Mutex>
class SCOPED_CAPABILITY TrackedGuard {
 public:
  explicit TrackedGuard(Mutex& mu,
                        SourceLocation at = SourceLocation::current())
      ACQUIRE(mu)
      : mu_(mu) {
    mu_.lock(at);
  }
  ~TrackedGuard() RELEASE() { mu_.unlock(); }
  TrackedGuard(const TrackedGuard&) = delete;
  TrackedGuard& operator=(const TrackedGuard&) = delete;

 private:
  Mutex& mu_;
};

// A condition variable whose waiters the watchdog sees: a wait that never
// ends (a lost wake-up) is reported as a stall, not as a deadlock.
class TrackedCondition {
 public:
  explicit TrackedCondition(std::string name);
  ~TrackedCondition();
  TrackedCondition(const TrackedCondition&) = delete;
  TrackedCondition& operator=(const TrackedCondition&) = delete;

  template <typename Lock>
  void wait(Lock& lock, SourceLocation at = SourceLocation::current()) {
    tracking::ThreadRecord* self = tracking::Current();
    if (self != nullptr) {
      self->BeginWait(tracking::WaitKind::kCondition, id_, Site::From(at));
    }
    cv_.wait(lock);  // relocking marks a lock wait, then ends it
    if (self != nullptr) self->EndWait();
  }
  template <typename Lock, typename Predicate>
  void wait(Lock& lock, Predicate ready,
            SourceLocation at = SourceLocation::current()) {
    while (!ready()) wait(lock, at);
  }
  void notify_one() { cv_.notify_one(); }
  void notify_all() { cv_.notify_all(); }
  LockId id() const { return id_; }

 private:
  const LockId id_;
  std::condition_variable_any cv_;
};

}  // namespace mt::workloads
