// HangWatch: the process tree's threads read from /proc, judged by
// hunt_waits.h.
#include "harness/hunt_hang.h"

#include <dirent.h>

#include <cstdio>
#include <sstream>
#include <vector>

#include "harness/hunt_waits.h"
#include "harness/run_folder.h"

namespace mt::harness {
namespace {

std::vector<std::string> Entries(const std::string& dir) {
  std::vector<std::string> out;
  if (DIR* d = opendir(dir.c_str())) {
    while (dirent* e = readdir(d)) {
      if (e->d_name[0] != '.') out.push_back(e->d_name);
    }
    closedir(d);
  }
  return out;
}

// `root` and every descendant, through each thread's children list.
std::vector<std::string> Tree(pid_t root) {
  std::vector<std::string> pids = {std::to_string(root)};
  for (size_t i = 0; i < pids.size(); ++i) {
    const std::string task = "/proc/" + pids[i] + "/task/";
    for (const std::string& tid : Entries(task)) {
      std::istringstream children(ReadFile(task + tid + "/children"));
      for (std::string child; children >> child;) pids.push_back(child);
    }
  }
  return pids;
}

}  // namespace

bool InLibcMapping(const std::string& maps, unsigned long long pc) {
  std::istringstream in(maps);
  for (std::string line; std::getline(in, line);) {
    if (line.find("/libc.so") == std::string::npos) continue;
    unsigned long long lo = 0, hi = 0;
    char perms[5] = {};
    if (std::sscanf(line.c_str(), "%llx-%llx %4s", &lo, &hi, perms) == 3 &&
        perms[2] == 'x' && pc >= lo && pc < hi)
      return true;
  }
  return false;
}

TreeState JudgeTasks(const std::vector<TaskView>& tasks) {
  TreeState t;
  bool all_untimed = true;
  for (const TaskView& v : tasks) {
    if (v.stat.state == 'Z' || v.stat.state == 'X') continue;
    const Wait wait = v.call_sampled ? ClassifyWait(v.call) : Wait::kNone;
    if (wait == Wait::kTimed && !v.call_in_libc) continue;
    t.cpu_ticks += v.stat.cpu_ticks;
    const bool blocked = v.stat.state == 'S' || v.stat.state == 'D';
    if (blocked && wait == Wait::kUntimed) {
      ++t.waits[SyscallName(v.call.nr)];
    } else {
      all_untimed = false;
    }
  }
  t.all_untimed = all_untimed && !t.waits.empty();
  if (!t.all_untimed) t.waits.clear();
  return t;
}

bool HangWatch::Sample(Clock::time_point now) {
  std::vector<TaskView> tasks;
  for (const std::string& pid : Tree(root_)) {
    const std::string task = "/proc/" + pid + "/task/";
    std::string maps;  // read once a process, when a timed wait needs it
    for (const std::string& tid : Entries(task)) {
      TaskView v;
      if (!ParseTaskStat(ReadFile(task + tid + "/stat"), &v.stat)) continue;
      v.call_sampled = ParseSyscall(ReadFile(task + tid + "/syscall"), &v.call);
      if (v.call_sampled && ClassifyWait(v.call) == Wait::kTimed) {
        if (maps.empty()) maps = ReadFile("/proc/" + pid + "/maps");
        v.call_in_libc = InLibcMapping(maps, v.call.pc);
      }
      tasks.push_back(v);
    }
  }
  const TreeState state = JudgeTasks(tasks);
  if (!state.all_untimed) {
    quiet_since_.reset();
    return false;
  }
  if (!quiet_since_ || state.cpu_ticks != quiet_ticks_ ||
      state.waits != waits_) {
    quiet_since_ = now;
    quiet_ticks_ = state.cpu_ticks;
    waits_ = state.waits;
  }
  quiet_for_ = std::chrono::duration<double>(now - *quiet_since_).count();
  return quiet_for_ >= quiet_;
}

std::string HangWatch::Waits() const {
  std::string out;
  for (const auto& [name, n] : waits_)
    out += (out.empty() ? "" : ", ") + name + " x" + std::to_string(n);
  return out;
}

std::string HangWatch::Describe() const {
  int threads = 0;
  for (const auto& [name, n] : waits_) threads += n;
  char quiet[32];
  std::snprintf(quiet, sizeof quiet, "%.1f", quiet_for_);
  return std::to_string(threads) + " thread(s) blocked without a time-out (" +
         Waits() + "), no CPU for " + quiet + " s";
}

}  // namespace mt::harness
