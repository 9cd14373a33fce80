// Topology discovery with hwloc and the compact/scatter placement orders.
#include "harness/topology.h"

#include <algorithm>
#include <map>
#include <sstream>
#include <tuple>

namespace mt::harness {
namespace {

int CountOf(hwloc_topology_t topo, hwloc_obj_type_t type) {
  return std::max(0, hwloc_get_nbobjs_by_type(topo, type));
}

// Rank of `obj`'s ancestor of `type` (0 when there is none, as on machines
// hwloc reports without packages).
int AncestorIndex(hwloc_topology_t topo, hwloc_obj_t obj,
                  hwloc_obj_type_t type) {
  hwloc_obj_t up = hwloc_get_ancestor_obj_by_type(topo, type, obj);
  return up ? static_cast<int>(up->logical_index) : 0;
}

}  // namespace

std::optional<PinPolicy> ParsePinPolicy(std::string_view text) {
  if (text == "compact") return PinPolicy::kCompact;
  if (text == "scatter") return PinPolicy::kScatter;
  if (text == "none") return PinPolicy::kNone;
  return std::nullopt;
}

std::string_view PinPolicyName(PinPolicy policy) {
  switch (policy) {
    case PinPolicy::kCompact:
      return "compact";
    case PinPolicy::kScatter:
      return "scatter";
    case PinPolicy::kNone:
      return "none";
  }
  return "none";
}

std::string TopologySummary::ToString() const {
  std::ostringstream out;
  out << packages << " package(s), " << cores << " core(s), " << pus
      << " PU(s), " << numa_nodes << " NUMA node(s)";
  for (const CacheLevel& c : caches) {
    out << ", " << c.count << " x L" << c.level << " " << c.bytes / 1024
        << " KiB";
  }
  return out.str();
}

Topology::Topology(hwloc_topology_t topo) : topo_(topo) {
  // Key each PU by (package, core-in-package, PU-in-core); compact order
  // sorts by that key, scatter by its reverse, so consecutive workers land
  // on different packages, then different cores.
  struct Key {
    int package, core, pu, os;
  };
  std::vector<Key> keys;
  std::map<int, int> cores_in_package;         // package -> cores seen
  std::map<int, std::pair<int, int>> by_core;  // core -> (rank, PUs seen)
  int n = CountOf(topo, HWLOC_OBJ_PU);
  for (int i = 0; i < n; ++i) {
    hwloc_obj_t pu = hwloc_get_obj_by_type(topo, HWLOC_OBJ_PU, i);
    int package = AncestorIndex(topo, pu, HWLOC_OBJ_PACKAGE);
    int core = AncestorIndex(topo, pu, HWLOC_OBJ_CORE);
    auto [it, fresh] = by_core.try_emplace(core, 0, 0);
    if (fresh) it->second.first = cores_in_package[package]++;
    keys.push_back({package, it->second.first, it->second.second++,
                    static_cast<int>(pu->os_index)});
  }
  std::vector<Key> by_compact = keys;
  std::sort(by_compact.begin(), by_compact.end(),
            [](const Key& a, const Key& b) {
              return std::tie(a.package, a.core, a.pu) <
                     std::tie(b.package, b.core, b.pu);
            });
  std::vector<Key> by_scatter = keys;
  std::sort(by_scatter.begin(), by_scatter.end(),
            [](const Key& a, const Key& b) {
              return std::tie(a.pu, a.core, a.package) <
                     std::tie(b.pu, b.core, b.package);
            });
  for (const Key& k : by_compact) compact_.push_back(k.os);
  for (const Key& k : by_scatter) scatter_.push_back(k.os);
}

Topology::~Topology() { hwloc_topology_destroy(topo_); }

const Topology& Topology::Machine() {
  static const Topology* machine = [] {
    hwloc_topology_t topo;
    hwloc_topology_init(&topo);
    hwloc_topology_load(topo);
    return new Topology(topo);  // lives for the whole process
  }();
  return *machine;
}

std::unique_ptr<Topology> Topology::Synthetic(const std::string& description,
                                              std::string* error) {
  hwloc_topology_t topo;
  hwloc_topology_init(&topo);
  if (hwloc_topology_set_synthetic(topo, description.c_str()) != 0 ||
      hwloc_topology_load(topo) != 0) {
    hwloc_topology_destroy(topo);
    if (error) {
      *error = "hwloc rejected the synthetic topology '" + description +
               "' (expected e.g. 'pack:2 core:8 pu:2')";
    }
    return nullptr;
  }
  return std::unique_ptr<Topology>(new Topology(topo));
}

int Topology::Cores() const { return CountOf(topo_, HWLOC_OBJ_CORE); }

TopologySummary Topology::Summary() const {
  TopologySummary s;
  s.packages = std::max(1, CountOf(topo_, HWLOC_OBJ_PACKAGE));
  s.cores = Cores();
  s.pus = Pus();
  s.numa_nodes = std::max(1, CountOf(topo_, HWLOC_OBJ_NUMANODE));
  const hwloc_obj_type_t kCaches[] = {HWLOC_OBJ_L1CACHE, HWLOC_OBJ_L2CACHE,
                                      HWLOC_OBJ_L3CACHE};
  for (hwloc_obj_type_t type : kCaches) {
    int count = CountOf(topo_, type);
    if (count == 0) continue;
    hwloc_obj_t first = hwloc_get_obj_by_type(topo_, type, 0);
    s.caches.push_back({static_cast<int>(first->attr->cache.depth),
                        first->attr->cache.size, count});
  }
  return s;
}

std::optional<int> Topology::PuFor(PinPolicy policy, int worker,
                                   int workers) const {
  if (policy == PinPolicy::kNone || compact_.empty() || workers <= 0) {
    return std::nullopt;
  }
  const std::vector<int>& order =
      policy == PinPolicy::kCompact ? compact_ : scatter_;
  return order[static_cast<size_t>(worker) % order.size()];
}

std::vector<int> Topology::ThreadSweep() const {
  std::vector<int> sweep;
  for (int n = 1; n < Cores(); n *= 2) sweep.push_back(n);
  sweep.push_back(std::max(1, Cores()));
  sweep.push_back(Pus());
  sweep.push_back(2 * Pus());
  std::sort(sweep.begin(), sweep.end());
  sweep.erase(std::unique(sweep.begin(), sweep.end()), sweep.end());
  return sweep;
}

}  // namespace mt::harness
