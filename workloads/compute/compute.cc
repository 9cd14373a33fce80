// The fixed-cost compute kernel.
#include "workloads/compute/compute.h"

namespace mt::workloads {

std::uint64_t ComputeSeries(std::uint64_t steps, std::uint64_t seed) {
  std::uint64_t x = seed | 1;  // xorshift must not start at 0
  std::uint64_t acc = 0;
  for (std::uint64_t i = 0; i < steps; ++i) {
    x ^= x << 13;
    x ^= x >> 7;
    x ^= x << 17;
    acc += x * 0x9E3779B97F4A7C15ULL;  // golden-ratio multiplier
  }
  return acc;
}

}  // namespace mt::workloads
