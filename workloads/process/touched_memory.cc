// Touched anonymous memory with an explicit huge page choice.
#include "workloads/process/touched_memory.h"

#include <errno.h>
#include <sys/mman.h>

#include <fstream>
#include <string>
#include <system_error>

namespace mt::workloads {

TouchedMemory::TouchedMemory(std::size_t bytes, bool huge_pages)
    : bytes_(bytes), huge_(huge_pages) {
  if (bytes == 0) return;
  void* p = mmap(nullptr, bytes, PROT_READ | PROT_WRITE,
                 MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  if (p == MAP_FAILED)
    throw std::system_error(errno, std::generic_category(), "mmap");
  data_ = static_cast<unsigned char*>(p);
  // Before the first touch, or the faults would already have chosen.
  madvise(p, bytes, huge_pages ? MADV_HUGEPAGE : MADV_NOHUGEPAGE);
  constexpr std::size_t kPage = 4096;  // the smallest page on x86-64 and Arm
  for (std::size_t i = 0; i < bytes; i += kPage) {
    data_[i] = static_cast<unsigned char>(i / kPage);
  }
}

TouchedMemory::~TouchedMemory() {
  if (data_ != nullptr) munmap(data_, bytes_);
}

namespace {

// The "<key> <n> kB" line of a /proc file, in bytes; -1 when absent.
std::int64_t ProcKib(const char* path, const std::string& key) {
  std::ifstream in(path);
  std::string word;
  std::int64_t kib = 0;
  while (in >> word) {
    if (word == key && in >> kib) return kib * 1024;
    in.ignore(1 << 16, '\n');
  }
  return -1;
}

}  // namespace

Footprint ReadFootprint() {
  return {ProcKib("/proc/self/status", "VmRSS:"),
          ProcKib("/proc/self/status", "VmPTE:"),
          ProcKib("/proc/self/smaps_rollup", "AnonHugePages:")};
}

}  // namespace mt::workloads
