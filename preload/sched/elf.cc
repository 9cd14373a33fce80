// The executable's .symtab (elf.h).
#include "preload/sched/elf.h"

#include <elf.h>
#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>

#include "preload/sched/sys.h"

namespace mt::sched {
namespace {

bool StartsWith(const char* s, const char* prefix) {
  while (*prefix != '\0' && *s == *prefix) ++s, ++prefix;
  return *prefix == '\0';
}

bool Equal(const char* a, const char* b) {
  while (*a != '\0' && *a == *b) ++a, ++b;
  return *a == *b;
}

// The sanitizer runtime linked into a clang -fsanitize=thread executable:
// its functions' names all carry one of these prefixes.
bool IsRuntimeSymbol(const char* name) {
  static const char* const kPrefixes[] = {
      "__tsan",         "_ZN6__tsan",
      "__sanitizer",    "_ZN11__sanitizer",
      "__interceptor_", "___interceptor_",
      "__interception", "_ZN14__interception",
      "__ubsan",        "_ZN7__ubsan",
      "__lsan",         "_ZN6__lsan"};
  for (const char* p : kPrefixes) {
    if (StartsWith(name, p)) return true;
  }
  return false;
}

// Reads one symbol table into `out`.
void Scan(const uint8_t* base, uint64_t size, const Elf64_Shdr& table,
          const Elf64_Shdr& strs, ExeSymbols* out) {
  if (table.sh_offset + table.sh_size > size ||
      strs.sh_offset + strs.sh_size > size) {
    return;
  }
  out->found_symtab = table.sh_type == SHT_SYMTAB;
  const auto* sym = reinterpret_cast<const Elf64_Sym*>(base + table.sh_offset);
  const char* names = reinterpret_cast<const char*>(base + strs.sh_offset);
  uint64_t count = table.sh_size / sizeof(Elf64_Sym);
  uintptr_t lo = UINTPTR_MAX, hi = 0;
  for (uint64_t k = 0; k < count; ++k) {
    if (ELF64_ST_TYPE(sym[k].st_info) != STT_FUNC || sym[k].st_value == 0 ||
        sym[k].st_name >= strs.sh_size) {
      continue;
    }
    const char* name = names + sym[k].st_name;
    if (!IsRuntimeSymbol(name)) continue;
    if (Equal(name, "__tsan_thread_start_func")) {
      out->tsan_thread_start = sym[k].st_value;
    }
    if (sym[k].st_value < lo) lo = sym[k].st_value;
    if (sym[k].st_value + sym[k].st_size > hi) {
      hi = sym[k].st_value + sym[k].st_size;
    }
  }
  if (hi > lo) {
    out->runtime_lo = lo;
    out->runtime_hi = hi;
  }
}

}  // namespace

ExeSymbols ReadExeSymbols() {
  ExeSymbols out;
  long fd = Sys(SYS_open, reinterpret_cast<long>("/proc/self/exe"),
                O_RDONLY | O_CLOEXEC);
  if (fd < 0) return out;
  struct stat st {};
  if (Sys(SYS_fstat, fd, reinterpret_cast<long>(&st)) != 0 ||
      st.st_size < static_cast<off_t>(sizeof(Elf64_Ehdr))) {
    Sys(SYS_close, fd);
    return out;
  }
  long map = Sys(SYS_mmap, 0, st.st_size, PROT_READ, MAP_PRIVATE, fd, 0);
  Sys(SYS_close, fd);
  if (map < 0 && map > -4096) return out;
  const auto* base = reinterpret_cast<const uint8_t*>(map);
  uint64_t size = static_cast<uint64_t>(st.st_size);
  const auto* eh = reinterpret_cast<const Elf64_Ehdr*>(base);
  bool elf64 = eh->e_ident[EI_MAG0] == ELFMAG0 &&
               eh->e_ident[EI_MAG1] == ELFMAG1 &&
               eh->e_ident[EI_CLASS] == ELFCLASS64 &&
               eh->e_shoff + uint64_t{eh->e_shnum} * sizeof(Elf64_Shdr) <= size;
  const auto* sh =
      reinterpret_cast<const Elf64_Shdr*>(base + (elf64 ? eh->e_shoff : 0));
  // The static table names every function; a stripped executable keeps
  // the dynamic one, where TSan exports its interceptors and __tsan_* entry
  // points (the runtime's range then comes from those alone).
  const Elf64_Shdr* table = nullptr;
  for (int i = 0; elf64 && i < eh->e_shnum; ++i) {
    if (sh[i].sh_link >= eh->e_shnum) continue;
    if (sh[i].sh_type == SHT_SYMTAB) table = &sh[i];
    if (sh[i].sh_type == SHT_DYNSYM && table == nullptr) table = &sh[i];
  }
  if (table != nullptr) Scan(base, size, *table, sh[table->sh_link], &out);
  Sys(SYS_munmap, map, st.st_size);
  return out;
}

}  // namespace mt::sched
