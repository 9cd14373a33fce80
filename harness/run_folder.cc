// The results folder: run folders, the latest link, atomic JSON files.
#include "harness/run_folder.h"

#include <sys/stat.h>
#include <unistd.h>

#include <array>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <sstream>

namespace mt::harness {
namespace fs = std::filesystem;

std::string ReadFile(const std::string& path) {
  std::ifstream in(path);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

std::string Hostname() {
  std::array<char, 256> host{};
  gethostname(host.data(), host.size() - 1);
  return host.data();
}

std::string MakeRunDirectory(const std::string& root, std::string* error) {
  std::time_t now = std::time(nullptr);
  std::array<char, 32> stamp{};
  std::strftime(stamp.data(), stamp.size(), "%Y%m%d-%H%M%S",
                std::localtime(&now));
  std::string base = root + "/" + stamp.data() + "-" + Hostname();
  std::error_code ec;
  fs::create_directories(root, ec);
  for (int n = 1; n < 100; ++n) {
    std::string dir = n == 1 ? base : base + "-" + std::to_string(n);
    if (mkdir(dir.c_str(), 0755) == 0) return dir;
    if (errno != EEXIST) break;
  }
  *error = "cannot create a run folder under '" + root +
           "': " + std::strerror(errno);
  return "";
}

void PointLatestAt(const std::string& root, const std::string& run_dir) {
  std::string link = root + "/latest";
  std::string tmp = link + ".tmp";
  std::error_code ec;
  fs::remove(tmp, ec);
  fs::create_directory_symlink(fs::path(run_dir).filename(), tmp, ec);
  if (!ec) fs::rename(tmp, link, ec);
}

bool WriteJsonAtomically(const std::string& path, const nlohmann::json& doc) {
  std::string tmp = path + ".tmp";
  {
    std::ofstream out(tmp);
    out << doc.dump(2) << "\n";
    if (!out) return false;
  }
  return std::rename(tmp.c_str(), path.c_str()) == 0;
}

std::string NowIso() {
  std::time_t now = std::time(nullptr);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%S%z", std::localtime(&now));
  return buf;
}

}  // namespace mt::harness
