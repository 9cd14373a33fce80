// Tracked locks: the registry of threads and locks the watchdog reads, and
// the slow paths (edge recording, unlock out of order, registration).
#include "workloads/locks/tracked_mutex.h"

#include <algorithm>

#include "workloads/base/mutex.h"

namespace mt::workloads {
namespace tracking {
namespace {

// Also guards each record's `name` (not expressible as an annotation: the
// records are elsewhere).
struct Registry {
  Mutex mu;
  std::vector<ThreadRecord*> threads GUARDED_BY(mu);
  std::unordered_map<LockId, const TrackedLockBase*> locks GUARDED_BY(mu);
  std::unordered_map<LockId, std::string> conditions GUARDED_BY(mu);
  std::uint64_t next_serial GUARDED_BY(mu) = 1;
};

Registry& TheRegistry() {
  // Never destroyed: threads may exit, and locks be destroyed, after main.
  static auto* registry = new Registry();
  return *registry;
}

// Set once this thread's record is gone (thread exit); later tracked locks
// in other thread_local destructors go untracked instead of re-registering.
thread_local bool tls_torn_down = false;

struct RecordOwner {
  ThreadRecord* record = nullptr;
  ~RecordOwner() {
    tls_self = nullptr;
    tls_torn_down = true;
    Registry& r = TheRegistry();
    LockGuard hold(r.mu);
    std::erase(r.threads, record);
    delete record;
  }
};

std::size_t EdgeSlot(LockId from, LockId to) {
  // Fibonacci hashing of the pair; ids are small consecutive integers.
  const std::uint64_t h = (from * 0x9E3779B97F4A7C15ull) ^ (to + (from << 7));
  return static_cast<std::size_t>((h * 0x9E3779B97F4A7C15ull) >> 56) %
         kEdgeCacheSlots;
}

}  // namespace

ThreadRecord* Self() {
  if (tls_torn_down) return nullptr;
  thread_local RecordOwner owner;
  auto* record = new ThreadRecord();
  Registry& r = TheRegistry();
  {
    LockGuard hold(r.mu);
    record->serial = r.next_serial++;
    record->name = "thread #" + std::to_string(record->serial);
    r.threads.push_back(record);
  }
  owner.record = record;
  tls_self = record;
  return record;
}

Snapshot TakeSnapshot() {
  Registry& r = TheRegistry();
  LockGuard hold(r.mu);
  Snapshot snap;
  for (const ThreadRecord* t : r.threads) {
    ThreadView v;
    v.serial = t->serial;
    v.name = t->name;
    v.wait_seq = t->wait_seq.load(std::memory_order_acquire);
    v.wait_kind =
        static_cast<WaitKind>(t->wait_kind.load(std::memory_order_relaxed));
    v.wait_for = t->wait_for.load(std::memory_order_relaxed);
    v.wait_site = t->wait_site.Load();
    const int depth =
        std::min(t->depth.load(std::memory_order_relaxed), kMaxHeld);
    for (int i = 0; i < depth; ++i) {
      v.held.push_back({t->held[i].id.load(std::memory_order_relaxed),
                        t->held[i].site.Load()});
    }
    snap.threads.push_back(std::move(v));
  }
  for (const auto& [id, lock] : r.locks) {
    snap.locks[id] = {lock->name(), lock->owner(), false};
  }
  for (const auto& [id, name] : r.conditions) snap.locks[id] = {name, 0, true};
  return snap;
}

}  // namespace tracking

void SetTrackedThreadName(std::string name) {
  tracking::ThreadRecord* self = tracking::Current();
  if (self == nullptr) return;
  LockGuard hold(tracking::TheRegistry().mu);
  self->name = std::move(name);
}

TrackedLockBase::TrackedLockBase(std::string name, LockOrderGraph& graph)
    : id_(NewLockId()), name_(std::move(name)), graph_(graph) {
  graph_.AddLock(id_, name_);
  tracking::Registry& r = tracking::TheRegistry();
  LockGuard hold(r.mu);
  r.locks[id_] = this;
}

TrackedLockBase::~TrackedLockBase() {
  {
    tracking::Registry& r = tracking::TheRegistry();
    LockGuard hold(r.mu);
    r.locks.erase(id_);
  }
  graph_.RemoveLock(id_);
}

void TrackedLockBase::RecordEdges(tracking::ThreadRecord& self,
                                  const Site& site) {
  const int depth = self.depth.load(std::memory_order_relaxed);
  bool all_known = true;
  for (int i = 0; i < depth && all_known; ++i) {
    const LockId from = self.held[i].id.load(std::memory_order_relaxed);
    const std::uint64_t* slot = self.edge_cache[tracking::EdgeSlot(from, id_)];
    all_known = slot[0] == from && slot[1] == id_;
  }
  if (all_known) return;
  HeldLock held[tracking::kMaxHeld];
  for (int i = 0; i < depth; ++i) {
    held[i] = {self.held[i].id.load(std::memory_order_relaxed),
               self.held[i].site.Load()};
  }
  graph_.RecordRequest(std::span<const HeldLock>(held, depth), id_, site,
                       self.name);
  for (int i = 0; i < depth; ++i) {
    std::uint64_t* slot = self.edge_cache[tracking::EdgeSlot(held[i].id, id_)];
    slot[0] = held[i].id;
    slot[1] = id_;
  }
}

void TrackedLockBase::BeforeUnlock() {
  // Cleared before the lock underneath is released, so the next owner's
  // store cannot be overwritten.
  owner_.store(0, std::memory_order_relaxed);
  tracking::ThreadRecord* self = tracking::tls_self;
  if (self == nullptr) return;
  const int depth = self->depth.load(std::memory_order_relaxed);
  // Newest first: locks are usually released in reverse order.
  for (int i = depth - 1; i >= 0; --i) {
    if (self->held[i].id.load(std::memory_order_relaxed) != id_) continue;
    for (int j = i; j + 1 < depth; ++j) {
      self->held[j].id.store(
          self->held[j + 1].id.load(std::memory_order_relaxed),
          std::memory_order_relaxed);
      self->held[j].site.Store(self->held[j + 1].site.Load());
    }
    self->depth.store(depth - 1, std::memory_order_relaxed);
    return;
  }
  // Not on the stack: taken beyond kMaxHeld.
  const int untracked = self->untracked.load(std::memory_order_relaxed);
  if (untracked > 0) {
    self->untracked.store(untracked - 1, std::memory_order_relaxed);
  }
}

TrackedCondition::TrackedCondition(std::string name) : id_(NewLockId()) {
  tracking::Registry& r = tracking::TheRegistry();
  LockGuard hold(r.mu);
  r.conditions[id_] = std::move(name);
}

TrackedCondition::~TrackedCondition() {
  tracking::Registry& r = tracking::TheRegistry();
  LockGuard hold(r.mu);
  r.conditions.erase(id_);
}

}  // namespace mt::workloads
