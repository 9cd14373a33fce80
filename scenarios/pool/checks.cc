// The pool scenario's claims: the best size for compute-bound work, and
// what more workers than cores give work that waits.
#include "scenarios/pool/checks.h"

#include <string>

#include "harness/topology.h"
#include "scenarios/pool/bench.h"

namespace mt::scenarios::pool {
using namespace mt::harness;

Outcome ComputeBestAtCores(const Results& r) {
  const int cores = Topology::Machine().Cores();
  bool holds = true;
  std::string numbers = "cores " + std::to_string(cores) + ";";
  for (std::string pool : {"thread", "process"}) {
    const SizeCurve curve = CurveBySize(r, "pool/compute/" + pool + "/");
    const std::string unfair = UnfairComparison(curve, cores);
    if (!unfair.empty()) return NotMeasurable(pool + " pool: " + unfair);
    const int knee = KneeSize(curve);
    const std::size_t a = StepOf(curve, knee), b = StepOf(curve, cores);
    holds &= (a > b ? a - b : b - a) <= 1;
    numbers += " " + pool + ": knee " + std::to_string(knee) +
               ", tasks/s by size" + Describe(curve) + ";";
  }
  return Judge(holds, numbers);
}

Outcome IoWantsMoreWorkers(const Results& r) {
  const int cores = Topology::Machine().Cores();
  bool holds = true;
  std::string numbers;
  for (std::string pool : {"thread", "process"}) {
    const SizeCurve curve = CurveBySize(r, "pool/io/" + pool + "/");
    const double gain = GainBeyond(curve, cores);
    holds &= gain > 1.5;
    numbers += pool + ": best beyond " + std::to_string(cores) +
               " workers / at " + std::to_string(cores) + " = " + Fmt(gain) +
               "x, tasks/s by size" + Describe(curve) + "; ";
  }
  return Judge(holds, numbers);
}

}  // namespace mt::scenarios::pool
