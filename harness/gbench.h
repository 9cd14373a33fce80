// The user's Google Benchmark binaries in `mtbench run --gbench PATH`: each
// one a record in run.json as a scenario is (name: its file name), with its
// benchmarks named <binary>/<benchmark>, its identity (file hash, the git
// commit and dirty flag of its source) and its threads placed by the pin plan.
// Thread safety: call from one thread.
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

namespace mt::harness {

struct GbenchBinary {
  std::string path;          // absolute
  std::string name;          // its record: the file name, -2, -3 when taken
  std::string filter = ".";  // POSIX extended regex over its benchmark names
  std::string source_dir;    // where git is asked; the binary's folder
};

// The binaries of --gbench PATH (in order), with --gbench-filter and
// --gbench-source values, each either VALUE (every binary) or NAME=VALUE
// (the binary of that record name; it wins over VALUE). "" or what is wrong,
// naming what was expected: a path that is no Google Benchmark binary, a
// regex that is not one, a NAME= that names no binary.
std::string ResolveGbench(const std::vector<std::string>& paths,
                          const std::vector<std::string>& filters,
                          const std::vector<std::string>& sources,
                          std::vector<GbenchBinary>* out);

// What run.json records of a binary: path, sha256 of the file, and, when its
// source folder is in a git work tree, git_commit and git_dirty (tracked
// files changed).
nlohmann::json GbenchIdentity(const GbenchBinary& binary);

// SHA-256 of a file as 64 hex digits; "" when it cannot be read.
std::string FileSha256(const std::string& path);

}  // namespace mt::harness
