// Watchdog: wait-for graph from snapshots, cycle and stall reports, and the
// scanning thread.
#include "workloads/locks/watchdog.h"

#include <algorithm>
#include <cstdlib>
#include <unordered_set>

namespace mt::workloads {
namespace {

using tracking::LockView;
using tracking::Snapshot;
using tracking::ThreadView;
using tracking::WaitKind;

std::string LockName(const Snapshot& snap, LockId id) {
  auto it = snap.locks.find(id);
  return it == snap.locks.end() ? "lock " + std::to_string(id) + " (destroyed)"
                                : it->second.name;
}

std::uint64_t OwnerOf(const Snapshot& snap, LockId id) {
  auto it = snap.locks.find(id);
  return it == snap.locks.end() ? 0 : it->second.owner;
}

WaitReport::Party MakeParty(
    const Snapshot& snap, const ThreadView& t,
    const std::unordered_map<std::uint64_t, const ThreadView*>& by) {
  WaitReport::Party p;
  p.thread = t.name;
  for (const HeldLock& h : t.held) {
    p.holds.emplace_back(LockName(snap, h.id), h.site);
  }
  p.waits_for = LockName(snap, t.wait_for);
  p.on_condition = t.wait_kind == WaitKind::kCondition;
  p.wait_site = t.wait_site;
  if (!p.on_condition) {
    const std::uint64_t owner = OwnerOf(snap, t.wait_for);
    auto it = by.find(owner);
    p.held_by = owner == 0       ? "nobody"
                : it != by.end() ? it->second->name
                                 : "thread #" + std::to_string(owner);
  }
  return p;
}

}  // namespace

std::string WaitReport::ToString() const {
  std::string out;
  if (kind == Kind::kDeadlock) {
    out = "deadlock: " + std::to_string(parties.size()) +
          " threads wait for each other in a cycle:";
  } else {
    out = "stall (not a deadlock): " + parties.front().thread +
          " has waited over " + std::to_string(waited.count()) + " ms: " + why;
  }
  for (const Party& p : parties) {
    out += "\n  " + p.thread + " holds ";
    if (p.holds.empty()) out += "nothing";
    for (size_t i = 0; i < p.holds.size(); ++i) {
      out += (i ? ", " : "") + p.holds[i].first + " (taken at " +
             p.holds[i].second.ToString() + ")";
    }
    if (p.waits_for.empty()) continue;
    out += p.on_condition ? " and waits on condition " : " and waits for ";
    out += p.waits_for + " (at " + p.wait_site.ToString() + ")";
    if (!p.on_condition) out += ", held by " + p.held_by;
  }
  return out;
}

std::vector<WaitReport> WaitForAnalysis::Scan(const Snapshot& snap,
                                              Clock::time_point now) {
  std::unordered_map<std::uint64_t, const ThreadView*> by;
  for (const ThreadView& t : snap.threads) by[t.serial] = &t;
  // Keep the waits that continue; forget threads that stopped waiting.
  std::unordered_map<std::uint64_t, Seen> seen;
  for (const ThreadView& t : snap.threads) {
    if (t.wait_seq % 2 == 0) continue;
    auto old = seen_.find(t.serial);
    if (old != seen_.end() && old->second.seq == t.wait_seq) {
      Seen s = old->second;
      ++s.scans;
      seen[t.serial] = s;
    } else {
      seen[t.serial] = {t.wait_seq, now, 1, false};
    }
  }
  seen_ = std::move(seen);
  auto steady = [&](std::uint64_t serial) {
    auto it = seen_.find(serial);
    return it != seen_.end() && it->second.scans >= 2;
  };
  // The holder a steadily blocked thread waits for, if it is one too.
  auto next = [&](const ThreadView& t) -> const ThreadView* {
    if (t.wait_kind != WaitKind::kLock) return nullptr;
    const std::uint64_t owner = OwnerOf(snap, t.wait_for);
    auto it = by.find(owner);
    return it != by.end() && steady(owner) ? it->second : nullptr;
  };

  std::vector<WaitReport> reports;
  for (const ThreadView& t : snap.threads) {
    if (!steady(t.serial) || seen_[t.serial].reported) continue;
    // Walk the wait-for chain; a cycle returns to a thread already on it.
    std::vector<const ThreadView*> chain{&t};
    for (const ThreadView* n = next(t); n != nullptr; n = next(*n)) {
      auto at = std::find(chain.begin(), chain.end(), n);
      if (at == chain.end()) {
        chain.push_back(n);
        continue;
      }
      std::vector<const ThreadView*> cycle(at, chain.end());
      if (std::any_of(cycle.begin(), cycle.end(), [&](const ThreadView* c) {
            return seen_[c->serial].reported;
          })) {
        break;
      }
      // Start at the lowest serial, so one cycle always reads the same.
      std::rotate(cycle.begin(),
                  std::min_element(
                      cycle.begin(), cycle.end(),
                      [](auto* a, auto* b) { return a->serial < b->serial; }),
                  cycle.end());
      WaitReport r;
      for (const ThreadView* c : cycle) {
        r.parties.push_back(MakeParty(snap, *c, by));
        seen_[c->serial].reported = true;
      }
      reports.push_back(std::move(r));
      break;
    }
  }
  for (const ThreadView& t : snap.threads) {
    if (!steady(t.serial)) continue;
    Seen& s = seen_[t.serial];
    if (s.reported || now - s.since < stall_after_) continue;
    s.reported = true;
    WaitReport r;
    r.kind = WaitReport::Kind::kStall;
    r.waited =
        std::chrono::duration_cast<std::chrono::milliseconds>(now - s.since);
    std::unordered_set<const ThreadView*> on_chain{&t};
    const ThreadView* end = &t;
    r.parties.push_back(MakeParty(snap, t, by));
    for (const ThreadView* n = next(t); n && on_chain.insert(n).second;
         n = next(*n)) {
      r.parties.push_back(MakeParty(snap, *n, by));
      end = n;
    }
    const std::uint64_t owner = OwnerOf(snap, end->wait_for);
    auto holder = by.find(owner);
    if (end->wait_kind == WaitKind::kCondition) {
      r.why = "nobody notified condition " + LockName(snap, end->wait_for) +
              " (a lost wake-up?)";
    } else if (owner == 0) {
      r.why = LockName(snap, end->wait_for) +
              " is free, yet the waiter was not woken";
    } else if (holder == by.end()) {
      r.why = "thread #" + std::to_string(owner) + " exited holding " +
              LockName(snap, end->wait_for);
    } else if (on_chain.contains(holder->second)) {
      r.why = "it waits behind a deadlock";
    } else {
      r.parties.push_back(MakeParty(snap, *holder->second, by));
      r.parties.back().waits_for.clear();
      r.why = holder->second->name + " holds " + LockName(snap, end->wait_for) +
              " and is not blocked on a tracked lock: it runs, sleeps or "
              "waits elsewhere and does not release it";
    }
    reports.push_back(std::move(r));
  }
  return reports;
}

DeadlockWatchdog::DeadlockWatchdog(Options options)
    : options_(std::move(options)), thread_([this] { Run(); }) {}

DeadlockWatchdog::~DeadlockWatchdog() {
  {
    LockGuard hold(mu_);
    stop_ = true;
  }
  wake_.notify_all();
  thread_.join();
}

std::vector<WaitReport> DeadlockWatchdog::Reports() const {
  LockGuard hold(mu_);
  return reports_;
}

void DeadlockWatchdog::Run() {
  WaitForAnalysis analysis(options_.bound);
  const auto period = options_.bound / 4;
  const auto stopped = [this]() REQUIRES(mu_) { return stop_; };
  MutexLock lock(mu_);
  while (!lock.WaitFor(wake_, period, stopped)) {
    lock.Unlock();
    std::vector<WaitReport> found =
        analysis.Scan(tracking::TakeSnapshot(), WaitForAnalysis::Clock::now());
    for (const WaitReport& r : found) {
      if (options_.on_report) options_.on_report(r);
      if (r.kind == WaitReport::Kind::kDeadlock &&
          options_.mode == OnCycle::kAbort) {
        std::abort();
      }
    }
    lock.Lock();
    reports_.insert(reports_.end(), found.begin(), found.end());
  }
}

}  // namespace mt::workloads
