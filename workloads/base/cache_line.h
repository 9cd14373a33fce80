// The project-wide cache-line size for padding per-thread state.
#pragma once

#include <cstddef>

namespace mt::workloads {

// 64 bytes is the line size of every x86-64 and most Arm cores. We do not use
// std::hardware_destructive_interference_size: GCC warns that its value may
// differ between translation units compiled with different -mtune flags.
inline constexpr std::size_t kCacheLine = 64;

}  // namespace mt::workloads
