// A bounds-checked walk over an ELF file's section headers and symbol tables.
#include "harness/elf_symbols.h"

#include <elf.h>
#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cstring>

namespace mt::harness {
namespace {

// A read-only mapping of a whole file, unmapped on scope exit.
class Mapping {
 public:
  bool Open(const std::string& path, std::string* error) {
    int fd = open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) {
      *error = path + ": " + strerror(errno);
      return false;
    }
    struct stat st {};
    if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode) || st.st_size == 0) {
      close(fd);
      *error = path + ": not a regular, non-empty file";
      return false;
    }
    size_ = static_cast<size_t>(st.st_size);
    void* p = mmap(nullptr, size_, PROT_READ, MAP_PRIVATE, fd, 0);
    close(fd);
    if (p == MAP_FAILED) {
      *error = path + ": " + strerror(errno);
      return false;
    }
    data_ = static_cast<const unsigned char*>(p);
    return true;
  }
  ~Mapping() {
    if (data_) munmap(const_cast<unsigned char*>(data_), size_);
  }
  // A pointer to `n` bytes at `offset`, or null when out of the file.
  const unsigned char* At(uint64_t offset, uint64_t n) const {
    return offset <= size_ && n <= size_ - offset ? data_ + offset : nullptr;
  }

 private:
  const unsigned char* data_ = nullptr;
  size_t size_ = 0;
};

// Whether a symbol named `symbol` (or, with `prefix`, starting with it) is
// in the static or dynamic symbol table.
std::optional<bool> FindSymbol(const std::string& path,
                               const std::string& symbol, bool prefix,
                               std::string* error) {
  Mapping file;
  if (!file.Open(path, error)) return std::nullopt;
  const auto* ehdr =
      reinterpret_cast<const Elf64_Ehdr*>(file.At(0, sizeof(Elf64_Ehdr)));
  if (ehdr == nullptr || std::memcmp(ehdr->e_ident, ELFMAG, SELFMAG) != 0) {
    *error = path + ": not an ELF file (a script? give the binary itself)";
    return std::nullopt;
  }
  if (ehdr->e_ident[EI_CLASS] != ELFCLASS64 ||
      ehdr->e_shentsize != sizeof(Elf64_Shdr)) {
    *error = path + ": not a 64-bit ELF file";
    return std::nullopt;
  }
  const auto* sections = reinterpret_cast<const Elf64_Shdr*>(
      file.At(ehdr->e_shoff, uint64_t{ehdr->e_shnum} * sizeof(Elf64_Shdr)));
  if (sections == nullptr) {
    *error = path + ": truncated ELF section headers";
    return std::nullopt;
  }
  for (int i = 0; i < ehdr->e_shnum; ++i) {
    const Elf64_Shdr& tab = sections[i];
    if (tab.sh_type != SHT_SYMTAB && tab.sh_type != SHT_DYNSYM) continue;
    if (tab.sh_link >= ehdr->e_shnum || tab.sh_entsize != sizeof(Elf64_Sym))
      continue;
    const Elf64_Shdr& strtab = sections[tab.sh_link];
    const auto* syms =
        reinterpret_cast<const Elf64_Sym*>(file.At(tab.sh_offset, tab.sh_size));
    const auto* names = reinterpret_cast<const char*>(
        file.At(strtab.sh_offset, strtab.sh_size));
    if (syms == nullptr || names == nullptr) continue;
    for (uint64_t k = 0; k < tab.sh_size / sizeof(Elf64_Sym); ++k) {
      uint64_t name = syms[k].st_name;
      // The terminating NUL is compared too unless only a prefix must match.
      const size_t n = symbol.size() + (prefix ? 0 : 1);
      if (name + symbol.size() < strtab.sh_size &&
          std::memcmp(names + name, symbol.c_str(), n) == 0) {
        return true;
      }
    }
  }
  return false;
}

}  // namespace

std::optional<bool> ElfHasSymbol(const std::string& path,
                                 const std::string& symbol,
                                 std::string* error) {
  return FindSymbol(path, symbol, false, error);
}

std::optional<bool> ElfHasSymbolWithPrefix(const std::string& path,
                                           const std::string& prefix,
                                           std::string* error) {
  return FindSymbol(path, prefix, true, error);
}

}  // namespace mt::harness
