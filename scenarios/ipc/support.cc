// The results summary for the ipc scenario.
#include "scenarios/ipc/support.h"

#include <cmath>
#include <regex>
#include <tuple>
#include <utility>

namespace mt::scenarios::ipc {
using namespace mt::harness;

std::map<std::string, double> Fastest(const Results& r) {
  static const std::regex kName(R"(^ipc/(\w+)/(\w+)/(size:\d+)/)");
  std::map<std::string, std::pair<double, std::string>> best;
  for (const Measurement* m : r.Matching("^ipc/")) {
    std::smatch part;
    if (!std::regex_search(m->name, part, kName) || part[2] == "in_process") {
      continue;
    }
    const bool rt = part[1] == "roundtrip";
    // Bigger is better: negated round-trip time.
    const double v = rt ? -m->real_ns / 1000 : m->Counter("items_per_second");
    auto& [value, who] =
        best[(rt ? "roundtrip_us/" : "msgs_per_s/") + part[3].str()];
    if (who.empty() || v > value) std::tie(value, who) = std::pair(v, part[2]);
  }
  std::map<std::string, double> out;
  for (const auto& [key, vw] : best)
    out[key + "/" + vw.second] = std::abs(vw.first);
  return out;
}

}  // namespace mt::scenarios::ipc
