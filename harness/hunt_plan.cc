// Run schedules, shards and durations of a hunt.
#include "harness/hunt_plan.h"

#include <climits>
#include <regex>

#include "harness/flags.h"

namespace mt::harness {
namespace {

constexpr long kMaxShards = 10000;

std::uint64_t SplitMix(std::uint64_t x) {
  x += 0x9e3779b97f4a7c15ull;
  x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ull;
  x = (x ^ (x >> 27)) * 0x94d049bb133111ebull;
  return x ^ (x >> 31);
}

}  // namespace

RunSchedule ScheduleFor(int index, std::uint64_t hunt_seed,
                        const std::vector<int>& pus) {
  RunSchedule s;
  // Never 0, which would turn the yields off.
  s.seed = (SplitMix(hunt_seed ^ SplitMix(std::uint64_t(index))) >> 1) | 1;
  const bool one_pu = index % 2 == 1;
  const bool load = (index / 2) % 2 == 1;
  if (one_pu) s.pu = pus[SplitMix(s.seed) % pus.size()];
  if (load) s.load_pus = one_pu ? std::vector<int>{s.pu} : pus;
  return s;
}

bool ParseShard(const std::string& text, Shard* shard, bool* index_given,
                std::string* error) {
  const size_t slash = text.find('/');
  long index = 0, count = 0;
  *index_given = slash != std::string::npos;
  const bool ok =
      *index_given
          ? ParseInt(text.substr(0, slash), 0, kMaxShards - 1, &index) &&
                ParseInt(text.substr(slash + 1), 1, kMaxShards, &count) &&
                index < count
          : ParseInt(text, 1, kMaxShards, &count);
  if (!ok) {
    *error =
        "accepted: I/N with 0 <= I < N <= 10000 (shard I of N, counted from "
        "0), or N alone to take I from JOB_COMPLETION_INDEX or "
        "SLURM_ARRAY_TASK_ID";
    return false;
  }
  *shard = {static_cast<int>(index), static_cast<int>(count)};
  return true;
}

bool ShardFromEnvironment(int count,
                          const std::function<const char*(const char*)>& getenv,
                          Shard* shard, std::string* error) {
  *shard = {};
  auto number = [&](const char* name, long lo, long* out) {
    const char* v = getenv(name);
    if (v == nullptr) return false;
    if (!ParseInt(v, lo, kMaxShards, out)) {
      *error += std::string(name) + "=" + v + " is not a whole number from " +
                std::to_string(lo) + " to " + std::to_string(kMaxShards);
      return false;
    }
    return true;
  };
  long n = count, index = -1, min = 0;
  if (n <= 0 && !number("MTBENCH_SHARDS", 1, &n))
    number("SLURM_ARRAY_TASK_COUNT", 1, &n);
  if (!number("JOB_COMPLETION_INDEX", 0, &index) &&
      number("SLURM_ARRAY_TASK_ID", 0, &index) &&
      number("SLURM_ARRAY_TASK_MIN", 0, &min))
    index -= min;
  if (!error->empty()) return false;
  if (n <= 0) return true;  // no count, no sharding
  if (index < 0) {
    *error = "a shard count (" + std::to_string(n) +
             ") but no shard index: give --shard I/N, or run as a "
             "Kubernetes Indexed Job (JOB_COMPLETION_INDEX) or a Slurm "
             "array (SLURM_ARRAY_TASK_ID)";
    return false;
  }
  if (index >= n) {
    *error = "shard index " + std::to_string(index) +
             " is not below the shard count " + std::to_string(n);
    return false;
  }
  *shard = {static_cast<int>(index), static_cast<int>(n)};
  return true;
}

RunPlan::RunPlan(int runs, Shard shard) {
  if (runs > 0) {
    // Block I of N: [I*R/N, (I+1)*R/N), sizes differing by one at most.
    const long long r = runs;
    step_ = 1;
    next_ = static_cast<int>(r * shard.index / shard.count);
    end_ = static_cast<int>(r * (shard.index + 1) / shard.count);
    planned_ = end_ - next_;
  } else {
    step_ = shard.count;
    next_ = shard.index;
    end_ = INT_MAX - shard.count;
    planned_ = -1;
  }
}

int RunPlan::Next() {
  if (next_ >= end_) return -1;
  const int index = next_;
  next_ += step_;
  return index;
}

bool ParseDuration(const std::string& text, double* seconds) {
  static const std::regex form(R"(^(?:(\d+)h)?(?:(\d+)m)?(?:(\d+)s?)?$)");
  std::smatch m;
  if (text.empty() || text.size() > 16 || !std::regex_match(text, m, form))
    return false;
  double total = 0;
  const double unit[] = {3600, 60, 1};
  for (int i = 0; i < 3; ++i) {
    if (m[i + 1].matched) total += std::stod(m[i + 1]) * unit[i];
  }
  if (total < 1 || total > 7 * 24 * 3600) return false;
  *seconds = total;
  return true;
}

}  // namespace mt::harness
