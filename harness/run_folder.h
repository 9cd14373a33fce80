// A results folder and its files: a new run's folder under a root, the root's
// `latest` link, JSON written atomically, files read whole, the time stamp.
// Shared by `mtbench run` (run.json) and `mtbench hunt` (races.json).
// Thread safety: free functions without shared state; may be called from any
// thread.
#pragma once

#include <nlohmann/json.hpp>
#include <string>

namespace mt::harness {

// Creates `root`/<yyyymmdd-hhmmss>-<host>/ (a suffix if taken) and returns it;
// "" with `error` set when it cannot.
std::string MakeRunDirectory(const std::string& root, std::string* error);
// Points `root`/latest at `run_dir` (a relative symlink, replaced atomically).
void PointLatestAt(const std::string& root, const std::string& run_dir);
// Writes `doc` to `path` atomically (temporary file, then rename).
bool WriteJsonAtomically(const std::string& path, const nlohmann::json& doc);
// The whole file; "" when it cannot be read.
std::string ReadFile(const std::string& path);
// Now as ISO 8601 local time with its offset, e.g. 2026-12-06T13:10:00+0000.
std::string NowIso();
// This machine's host name.
std::string Hostname();

}  // namespace mt::harness
