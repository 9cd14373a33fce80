// Resident, touched anonymous memory of a chosen size: the parent memory that
// fork must copy the page tables of. Transparent huge pages are either asked
// for or refused explicitly, so the page size is known, not inherited from
// the system's THP setting.
#pragma once

#include <cstddef>
#include <cstdint>

namespace mt::workloads {

// Thread safety: construct and destroy on one thread; the memory itself is
// plain bytes.
class TouchedMemory {
 public:
  // Maps `bytes` of private anonymous memory, applies MADV_HUGEPAGE when
  // `huge_pages` and MADV_NOHUGEPAGE otherwise, and writes to every 4 KiB
  // page so all of it is resident. 0 bytes maps nothing. Throws
  // std::system_error when the mapping fails.
  TouchedMemory(std::size_t bytes, bool huge_pages);
  ~TouchedMemory();
  TouchedMemory(const TouchedMemory&) = delete;
  TouchedMemory& operator=(const TouchedMemory&) = delete;

  std::size_t bytes() const { return bytes_; }
  bool huge_pages_requested() const { return huge_; }
  unsigned char* data() { return data_; }

 private:
  unsigned char* data_ = nullptr;
  std::size_t bytes_ = 0;
  bool huge_ = false;
};

// What fork has to copy or share, read from /proc/self/status (VmRSS, VmPTE)
// and /proc/self/smaps_rollup (AnonHugePages); -1 where unreadable.
struct Footprint {
  std::int64_t resident_bytes = -1;
  std::int64_t page_table_bytes = -1;  // fork copies these entries
  std::int64_t anon_huge_bytes = -1;   // backed by transparent huge pages
};
Footprint ReadFootprint();

}  // namespace mt::workloads
