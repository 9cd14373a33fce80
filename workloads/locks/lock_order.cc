// Lock-order graph: edges, breadth-first cycle search, reports.
#include "workloads/locks/lock_order.h"

#include <algorithm>
#include <atomic>
#include <cstdlib>
#include <queue>

namespace mt::workloads {

LockId NewLockId() {
  // Relaxed: only uniqueness matters, and fetch_add gives it.
  static std::atomic<LockId> next{1};
  return next.fetch_add(1, std::memory_order_relaxed);
}

namespace {

// "void mt::workloads::RunAbBa<M, P>(M&, ...)::<lambda(int)>" -> "workloads::
// RunAbBa": template arguments, parameters and the return type are noise.
std::string ShortFunction(std::string_view full) {
  std::string flat;
  int depth = 0;
  for (char c : full) {
    if (c == '<' || c == '(') ++depth;
    if (depth == 0) flat += c;
    if ((c == '>' || c == ')') && depth > 0) --depth;
  }
  if (auto space = flat.rfind(' '); space != std::string::npos) {
    flat.erase(0, space + 1);
  }
  while (flat.ends_with("::")) flat.resize(flat.size() - 2);
  // Keep the last two components (class or namespace, and function).
  auto last = flat.rfind("::");
  if (last != std::string::npos && last > 0) {
    auto before = flat.rfind("::", last - 1);
    if (before != std::string::npos) flat.erase(0, before + 2);
  }
  return flat;
}

}  // namespace

std::string Site::ToString() const {
  std::string file_name = file;
  // The path up to the project's folders is noise in a report.
  for (const char* top :
       {"/workloads/", "/scenarios/", "/harness/", "/tools/"}) {
    if (auto at = file_name.rfind(top); at != std::string::npos) {
      file_name.erase(0, at + 1);
      break;
    }
  }
  return file_name + ":" + std::to_string(line) + " in " +
         ShortFunction(function);
}

std::string CycleReport::ToString() const {
  std::string out = edges.size() == 1
                        ? "lock requested while already held (self-deadlock):"
                        : "lock-order cycle of " +
                              std::to_string(edges.size()) +
                              " locks (a potential deadlock):";
  for (const LockOrderEdge& e : edges) {
    out += "\n  " + e.thread + " holds " + e.from + " (taken at " +
           e.from_site.ToString() + ") and requests " + e.to + " at " +
           e.to_site.ToString();
  }
  return out;
}

LockOrderGraph& LockOrderGraph::Global() {
  // Never destroyed: tracked locks with static storage may outlive it.
  static auto* graph = new LockOrderGraph();
  return *graph;
}

void LockOrderGraph::SetOptions(Options options) {
  LockGuard hold(mu_);
  options_ = std::move(options);
}

void LockOrderGraph::AddLock(LockId id, std::string name) {
  LockGuard hold(mu_);
  names_[id] = std::move(name);
}

void LockOrderGraph::RemoveLock(LockId id) {
  LockGuard hold(mu_);
  names_.erase(id);
  if (auto out = out_.find(id); out != out_.end()) {
    for (const auto& [to, info] : out->second) std::erase(in_[to], id);
    out_.erase(out);
  }
  if (auto in = in_.find(id); in != in_.end()) {
    for (LockId from : in->second) out_[from].erase(id);
    in_.erase(in);
  }
}

std::vector<LockId> LockOrderGraph::PathLocked(LockId start,
                                               LockId goal) const {
  std::unordered_map<LockId, LockId> came_from{{start, start}};
  std::queue<LockId> frontier;
  frontier.push(start);
  while (!frontier.empty()) {
    const LockId at = frontier.front();
    frontier.pop();
    if (at == goal) {
      std::vector<LockId> path;
      for (LockId n = goal; n != start; n = came_from[n]) path.push_back(n);
      std::reverse(path.begin(), path.end());
      return path;
    }
    auto out = out_.find(at);
    if (out == out_.end()) continue;
    for (const auto& [next, info] : out->second) {
      if (came_from.emplace(next, at).second) frontier.push(next);
    }
  }
  return {};
}

CycleReport LockOrderGraph::MakeReportLocked(
    LockId from, LockId to, const std::vector<LockId>& path) const {
  // The cycle is from -> to -> path... -> from; path ends at `from`.
  std::vector<LockId> ring{from, to};
  ring.insert(ring.end(), path.begin(), path.end());
  if (from == to) ring = {from, from};
  CycleReport report;
  for (size_t i = 0; i + 1 < ring.size(); ++i) {
    const EdgeInfo& info = out_.at(ring[i]).at(ring[i + 1]);
    report.edges.push_back({names_.at(ring[i]), names_.at(ring[i + 1]),
                            info.from_site, info.to_site, info.thread});
  }
  return report;
}

int LockOrderGraph::RecordRequest(std::span<const HeldLock> held, LockId to,
                                  const Site& site, std::string_view thread) {
  std::vector<CycleReport> found;
  std::function<void(const CycleReport&)> on_cycle;
  OnCycle mode;
  {
    LockGuard hold(mu_);
    if (!names_.contains(to)) return 0;
    for (const HeldLock& h : held) {
      if (!names_.contains(h.id)) continue;
      auto [it, added] = out_[h.id].try_emplace(
          to, EdgeInfo{h.site, site, std::string(thread)});
      if (!added) continue;
      in_[to].push_back(h.id);
      // The new edge h -> to closes a cycle when `to` already reaches h.
      std::vector<LockId> path;
      if (h.id != to) {
        path = PathLocked(to, h.id);
        if (path.empty()) continue;
      }
      found.push_back(MakeReportLocked(h.id, to, path));
    }
    for (const CycleReport& r : found) {
      ++cycles_;
      reports_.push_back(r);
      if (reports_.size() > kKeptReports) reports_.pop_front();
    }
    on_cycle = options_.on_cycle;
    mode = options_.mode;
  }
  for (const CycleReport& r : found) {
    if (on_cycle) on_cycle(r);
  }
  if (!found.empty() && mode == OnCycle::kAbort) std::abort();
  return static_cast<int>(found.size());
}

bool LockOrderGraph::HasEdge(LockId from, LockId to) const {
  LockGuard hold(mu_);
  auto out = out_.find(from);
  return out != out_.end() && out->second.contains(to);
}

std::uint64_t LockOrderGraph::CycleCount() const {
  LockGuard hold(mu_);
  return cycles_;
}

std::vector<CycleReport> LockOrderGraph::Reports() const {
  LockGuard hold(mu_);
  return {reports_.begin(), reports_.end()};
}

void LockOrderGraph::ClearReports() {
  LockGuard hold(mu_);
  reports_.clear();
}

}  // namespace mt::workloads
