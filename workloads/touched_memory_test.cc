// Touched memory is all resident and written; an empty one maps nothing.
#include "workloads/touched_memory.h"

#include <gtest/gtest.h>
#include <sys/mman.h>
#include <unistd.h>

#include <vector>

namespace mt::workloads {
namespace {

TEST(TouchedMemory, EveryPageIsResidentAndWritten) {
  constexpr std::size_t kBytes = 8 << 20;
  TouchedMemory mem(kBytes, /*huge_pages=*/false);
  ASSERT_NE(mem.data(), nullptr);
  EXPECT_EQ(mem.bytes(), kBytes);
  EXPECT_FALSE(mem.huge_pages_requested());
  const std::size_t page = static_cast<std::size_t>(sysconf(_SC_PAGESIZE));
  std::vector<unsigned char> resident(kBytes / page);
  ASSERT_EQ(mincore(mem.data(), kBytes, resident.data()), 0);
  for (std::size_t i = 0; i < resident.size(); ++i) {
    ASSERT_TRUE(resident[i] & 1) << "page " << i << " not resident";
  }
  EXPECT_EQ(mem.data()[4096 * 5], 5);
}

TEST(TouchedMemory, ZeroBytesMapsNothing) {
  TouchedMemory mem(0, false);
  EXPECT_EQ(mem.data(), nullptr);
}

TEST(TouchedMemory, HugePageUsageIsReadable) {
  EXPECT_GE(AnonHugePageBytes(), 0);
}

}  // namespace
}  // namespace mt::workloads
