// --gbench options to binaries, and a binary's identity.
#include "harness/gbench.h"

#include <filesystem>
#include <fstream>
#include <map>

#include "harness/bench_program.h"
#include "harness/flags.h"
#include "harness/supervised_child.h"
#include "workloads/process/exec_path.h"
#include "workloads/remote/hmac_sha256.h"

namespace mt::harness {
namespace fs = std::filesystem;
namespace {

// Splits each value into (record name, value): "NAME=VALUE" when NAME is a
// binary's record name, else ("", the whole value).
void PerBinary(const std::vector<std::string>& values,
               const std::vector<GbenchBinary>& binaries,
               std::map<std::string, std::string>* named, std::string* all) {
  for (const std::string& v : values) {
    const size_t eq = v.find('=');
    bool per = false;
    if (eq != std::string::npos) {
      for (const GbenchBinary& b : binaries) per |= b.name == v.substr(0, eq);
    }
    if (per) {
      (*named)[v.substr(0, eq)] = v.substr(eq + 1);
    } else {
      *all = v;
    }
  }
}

// First line of `git -C dir ARGS...`; "" when git or the tree is not there.
std::string Git(const std::string& dir, const std::vector<std::string>& args,
                bool* ok) {
  static const std::string git = workloads::FindOnPath("git");
  *ok = false;
  if (git.empty()) return "";
  std::vector<std::string> argv = {git, "-C", dir};
  argv.insert(argv.end(), args.begin(), args.end());
  std::string out;
  const ChildOutcome r = RunSupervised(argv, {}, 30, nullptr, nullptr, &out);
  *ok = r.status == "ok";
  return out.substr(0, out.find('\n'));
}

}  // namespace

std::string ResolveGbench(const std::vector<std::string>& paths,
                          const std::vector<std::string>& filters,
                          const std::vector<std::string>& sources,
                          std::vector<GbenchBinary>* out) {
  out->clear();
  std::map<std::string, int> taken;
  for (const std::string& path : paths) {
    if (std::string why = CheckGbenchBinary(path); !why.empty())
      return "--gbench " + why;
    GbenchBinary b;
    std::error_code ec;
    b.path = fs::absolute(path, ec).lexically_normal().string();
    const std::string file = fs::path(b.path).filename().string();
    const int n = ++taken[file];
    b.name = n == 1 ? file : file + "-" + std::to_string(n);
    b.source_dir = fs::path(b.path).parent_path().string();
    out->push_back(std::move(b));
  }
  std::map<std::string, std::string> named_filter, named_source;
  std::string all_filter = ".", all_source;
  PerBinary(filters, *out, &named_filter, &all_filter);
  PerBinary(sources, *out, &named_source, &all_source);
  if (out->empty() && (!filters.empty() || !sources.empty()))
    return "--gbench-filter and --gbench-source need a --gbench PATH";
  for (GbenchBinary& b : *out) {
    b.filter = named_filter.count(b.name) ? named_filter[b.name] : all_filter;
    if (std::string why = CheckPosixRegex(b.filter); !why.empty())
      return "--gbench-filter '" + b.filter + "': " + why +
             " (accepted: REGEX for every binary, or NAME=REGEX with NAME "
             "a binary's file name)";
    const std::string src =
        named_source.count(b.name) ? named_source[b.name] : all_source;
    if (!src.empty()) {
      if (!fs::is_directory(src))
        return "--gbench-source '" + src +
               "': not a folder (accepted: DIR "
               "or NAME=DIR, the source tree the binary was built from)";
      b.source_dir = fs::absolute(src).lexically_normal().string();
    }
  }
  return "";
}

std::string FileSha256(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return "";
  workloads::Sha256 sha;
  char buf[1 << 16];
  while (in.read(buf, sizeof buf) || in.gcount() > 0) {
    sha.Update(std::string_view(buf, static_cast<size_t>(in.gcount())));
  }
  static constexpr char kHex[] = "0123456789abcdef";
  std::string hex;
  for (std::uint8_t byte : sha.Finish()) {
    hex += kHex[byte >> 4];
    hex += kHex[byte & 15];
  }
  return hex;
}

nlohmann::json GbenchIdentity(const GbenchBinary& b) {
  nlohmann::json id = {{"path", b.path},
                       {"sha256", FileSha256(b.path)},
                       {"filter", b.filter},
                       {"source_dir", b.source_dir}};
  bool ok = false;
  const std::string commit = Git(b.source_dir, {"rev-parse", "HEAD"}, &ok);
  if (ok && !commit.empty()) {
    id["git_commit"] = commit;
    // As run.json's own git_dirty: tracked files changed (a build folder
    // inside the tree is ignored, and so untracked).
    const std::string changed = Git(
        b.source_dir, {"status", "--porcelain", "--untracked-files=no"}, &ok);
    id["git_dirty"] = ok && !changed.empty();
  }
  return id;
}

}  // namespace mt::harness
