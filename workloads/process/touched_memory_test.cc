// Touched memory is all resident and written; an empty one maps nothing.
#include "workloads/process/touched_memory.h"

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

TEST(Footprint, GrowsWithTouchedMemory) {
  const Footprint before = ReadFootprint();
  ASSERT_GT(before.resident_bytes, 0);
  ASSERT_GT(before.page_table_bytes, 0);
  EXPECT_GE(before.anon_huge_bytes, 0);
  TouchedMemory mem(32 << 20, /*huge_pages=*/false);
  const Footprint after = ReadFootprint();
  // 32 MiB resident more, and with 4 KiB pages 8192 more page-table entries
  // (64 KiB); the kernel's own accounting may lag by a few pages.
  EXPECT_GE(after.resident_bytes - before.resident_bytes, 30 << 20);
  EXPECT_GE(after.page_table_bytes - before.page_table_bytes, 56 << 10);
}

}  // namespace
}  // namespace mt::workloads
