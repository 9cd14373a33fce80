// A CPU-bound kernel of fixed cost: the unit of "compute" for calibration,
// pools and the GIL emulator. Touches no memory beyond registers.
#pragma once

#include <cstdint>

namespace mt::workloads {

// Runs `steps` rounds of a xorshift/multiply series and returns its value, so
// the optimiser cannot drop the work. Cost is linear in `steps` (about 1 ns
// a step on a current x86 core).
// Thread safety: pure; any thread.
std::uint64_t ComputeSeries(std::uint64_t steps, std::uint64_t seed = 1);

}  // namespace mt::workloads
