// `mtbench hunt`'s options and their checks.
#include "harness/hunt_options.h"

#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <filesystem>

#include "harness/scenario.h"

namespace mt::harness {

void DeclareHuntFlags(Flags& flags, HuntRequest& r) {
  HuntOptions& o = r.o;
  flags.Int("--runs", "N",
            "runs per target over all shards (1-1000000; default 20, or "
            "unbounded with --time)",
            1, 1000000, [&](long n) {
              o.runs = static_cast<int>(n);
              r.runs_given = true;
            });
  flags.Value("--time", "DURATION",
              "hunt for this long (90s, 10m, 1h30m), shared by the targets",
              [&](const std::string& v) -> std::string {
                if (!ParseDuration(v, &o.time_seconds))
                  return "accepted: 90s, 10m, 2h, 1h30m or seconds, 1 s to 7 "
                         "days";
                return "";
              });
  flags.Switch("--until-found", "stop a target at its first finding",
               [&] { o.until_found = true; });
  flags.Value("--strategy", "NAME",
              "pct, random (the controlled scheduler) or none (default pct "
              "when the scheduler is built, else none)",
              [&](const std::string& v) -> std::string {
                if (v != "pct" && v != "random" && v != "none")
                  return "accepted: pct, random, none";
                o.strategy = v;
                r.strategy_given = true;
                return "";
              });
  flags.Value("--preempt", "US",
              "pct, random: also preempt a thread every US microseconds on "
              "average (0 off, the default, or 100 to 10000000), so lock-free "
              "code interleaves; timer-driven, such runs replay only "
              "approximately",
              [&](const std::string& v) -> std::string {
                // At 10 us, correct lock-free programs ran past their time
                // limit (docs/HUNT.md): false hangs.
                long n = 0;
                if (!ParseInt(v, 0, 10'000'000, &n) || (n != 0 && n < 100))
                  return "accepted: 0 (off) or 100 to 10000000";
                o.preempt_us = n;
                return "";
              });
  flags.Value("--shard", "I/N",
              "run shard I of N of the hunt's runs (N alone: I from "
              "JOB_COMPLETION_INDEX or SLURM_ARRAY_TASK_ID); needs --seed",
              [&](const std::string& v) {
                std::string error;
                if (!ParseShard(v, &o.shard, &r.shard_index_given, &error))
                  return error;
                if (!r.shard_index_given) r.shard_count = o.shard.count;
                return std::string();
              });
  flags.Int("--timeout", "S",
            "seconds a run may take; then it is a hang (default 60)", 1, 86400,
            [&](long n) { o.timeout_seconds = static_cast<double>(n); });
  flags.Value(
      "--seed", "N",
      "the hunt's seed, to replay its schedules (default random)",
      [&](const std::string& v) -> std::string {
        char* end = nullptr;
        errno = 0;
        o.seed = std::strtoull(v.c_str(), &end, 10);
        if (v.empty() || v[0] == '-' || *end != '\0' || errno || o.seed == 0)
          return "accepted: a whole number from 1 to 2^64-1";
        r.seed_given = true;
        return "";
      });
  flags.Value("--out", "DIR",
              "results root (default results); DIR/latest points at the hunt",
              [&](const std::string& v) -> std::string {
                if (v.empty()) return "give a folder";
                o.out_root = v;
                o.link_latest = true;
                return "";
              });
  flags.Value("--scenario", "NAME",
              "hunt this scenario's racy and deadlock-prone benchmarks "
              "(repeatable)",
              [&](const std::string& v) -> std::string {
                if (!FindScenario(v)) return "accepted: " + ScenarioNames();
                r.scenarios.push_back(v);
                return "";
              });
  flags.Switch("--all-scenarios",
               "every scenario with racy or deadlock-prone benchmarks",
               [&] { r.all = true; });
  flags.Value("--filter", "REGEX",
              "with --scenario: hunt these benchmarks instead",
              [&](const std::string& v) {
                r.filter = v;
                return CheckPosixRegex(v);
              });
  flags.Value("--suppressions", "FILE", "a ThreadSanitizer suppressions file",
              [&](const std::string& v) -> std::string {
                if (access(v.c_str(), R_OK) != 0)
                  return std::string("cannot read it: ") + std::strerror(errno);
                o.suppressions = std::filesystem::absolute(v).string();
                return "";
              });
  flags.Value("--tsan-options", "OPTS",
              "extra TSAN_OPTIONS (a:b=1:...), applied last",
              [&](const std::string& v) {
                o.tsan_options = v;
                return std::string();
              });
}

std::string CheckHuntRequest(HuntRequest& r, bool program_given) {
  const bool own = r.all || !r.scenarios.empty();
  if (own == program_given)
    return "give either -- PROGRAM [ARGS...] or --scenario/--all-scenarios";
  if (!r.filter.empty() && (r.all || r.scenarios.empty()))
    return "--filter goes with --scenario NAME";
  if (r.all && !r.scenarios.empty())
    return "--all-scenarios already hunts every scenario";
  if (!r.shard_index_given) {
    std::string error;
    if (!ShardFromEnvironment(r.shard_count, std::getenv, &r.o.shard, &error))
      return error;
  }
  if (r.o.shard.count > 1 && !r.seed_given)
    return "a shard needs --seed N: every shard of one hunt must use the same "
           "seed";
  if (r.o.time_seconds > 0 && !r.runs_given) r.o.runs = 0;  // time alone
  return "";
}

}  // namespace mt::harness
