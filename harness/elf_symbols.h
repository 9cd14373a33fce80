// Reads an ELF file's symbol tables, to tell whether a program was built with
// ThreadSanitizer before hunting races in it, or links Google Benchmark
// before running it as one.
#pragma once

#include <optional>
#include <string>

namespace mt::harness {

// Thread safety: reads the file on the calling thread; no shared state.
// Whether the 64-bit ELF file at `path` defines or references `symbol` in
// its static (.symtab) or dynamic (.dynsym) symbol table; nullopt with
// `error` set when the file cannot be read or is not such an ELF file.
std::optional<bool> ElfHasSymbol(const std::string& path,
                                 const std::string& symbol, std::string* error);

// The same for any symbol whose name starts with `prefix`.
std::optional<bool> ElfHasSymbolWithPrefix(const std::string& path,
                                           const std::string& prefix,
                                           std::string* error);

// Google Benchmark's C++ names, mangled: everything in namespace benchmark
// (referenced from libbenchmark.so, or defined when linked statically).
inline constexpr char kGoogleBenchmarkPrefix[] = "_ZN9benchmark";

// clang links its ThreadSanitizer runtime in (and exports __tsan_init); gcc
// links libtsan.so (and references it): either way the symbol is there.
inline constexpr char kTsanInitSymbol[] = "__tsan_init";

}  // namespace mt::harness
