// The machine's shape as hwloc sees it, and which PU each worker gets under a
// pin policy. Pure planning: binding lives in pinning.h.
#pragma once

#include <hwloc.h>

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace mt::harness {

// compact: fill one core's PUs, then the next core, then the next package.
// scatter: spread across packages first, then cores, then a core's PUs.
// none: leave placement to the kernel.
enum class PinPolicy { kCompact, kScatter, kNone };

std::optional<PinPolicy> ParsePinPolicy(std::string_view text);
std::string_view PinPolicyName(PinPolicy policy);
inline constexpr std::string_view kPinPolicyChoices = "compact, scatter, none";

struct CacheLevel {
  int level = 0;            // 1 for L1d, 2 for L2, ...
  std::uint64_t bytes = 0;  // size of one cache of this level
  int count = 0;            // how many such caches the machine has
};

struct TopologySummary {
  int packages = 0;
  int cores = 0;
  int pus = 0;
  int numa_nodes = 0;
  std::vector<CacheLevel> caches;
  std::string ToString() const;  // "1 package, 2 cores, 2 PUs, ..."
};

// Thread safety: const methods may be called from any thread once built.
class Topology {
 public:
  // The machine this process runs on, loaded once.
  static const Topology& Machine();
  // A synthetic topology such as "pack:2 core:8 pu:2", for planning only (it
  // cannot be bound to); nullptr with `error` set when hwloc rejects it.
  static std::unique_ptr<Topology> Synthetic(const std::string& description,
                                             std::string* error);

  ~Topology();
  Topology(const Topology&) = delete;
  Topology& operator=(const Topology&) = delete;

  TopologySummary Summary() const;
  int Pus() const { return static_cast<int>(compact_.size()); }
  int Cores() const;

  // OS index of the PU that worker `worker` (0-based) of `workers` gets;
  // workers beyond the PU count wrap around. nullopt under kNone.
  std::optional<int> PuFor(PinPolicy policy, int worker, int workers) const;

  // Thread counts worth measuring on this machine: 1, 2, 4, ... up to the
  // physical cores, then every PU, then 2 x PUs (oversubscribed).
  std::vector<int> ThreadSweep() const;

  hwloc_topology_t raw() const { return topo_; }

 private:
  explicit Topology(hwloc_topology_t topo);
  hwloc_topology_t topo_;
  std::vector<int> compact_;  // PU os indexes in compact order
  std::vector<int> scatter_;  // PU os indexes in scatter order
};

}  // namespace mt::harness
