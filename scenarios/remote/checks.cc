// The remote scenario's claims: the fault drill's figures, the master's
// tasks/s ratios, and the master against Redis.
#include "scenarios/remote/checks.h"

#include "harness/bench_names.h"

namespace mt::scenarios::remote {
using namespace mt::harness;

Outcome MasterRatio(const Results& r, std::pair<int, int> a,
                    std::pair<int, int> b, bool holds(double)) {
  auto at = [&](std::pair<int, int> p, double* tps) {
    const std::string axes =
        Name({Axis("workers", p.first), Axis("numbers", p.second)});
    *tps = r.First("^remote/squares/master/" + axes + "/")
               .Counter("items_per_second");
    return axes + " " + Fmt(*tps) + " tasks/s";
  };
  double x, y;
  std::string numbers = at(a, &x) + ", " + at(b, &y);
  return Judge(holds(x / y), numbers + " (ratio " + Fmt(x / y) + ")");
}

Outcome DrillFigure(const Results& r, const std::string& check) {
  const Measurement& d = r.First("^remote/faults/drill/");
  auto c = [&](const char* key) { return d.Counter(key); };
  // What must never happen, in any repetition.
  auto worst = [&](const char* key) { return d.CounterMax(key); };
  std::string numbers;
  for (const auto& [key, value] : d.counters)
    numbers += key + " " + Fmt(value) + "; ";
  if (check == "auth") return Judge(c("wrong_key_refused") == 1, numbers);
  if (check == "frames")
    return Judge(c("probes_dropped") == c("probes") && worst("lost") == 0,
                 numbers);
  return Judge(c("worker_killed") == 1 && c("requeued") >= 1 &&
                   worst("lost") == 0 && worst("duplicated") == 0 &&
                   worst("wrong") == 0,
               numbers);
}

// Our master's tasks/s over Redis's, for every pair measured on both.
std::map<std::string, double> MasterOverRedis(const Results& r) {
  const std::string redis = "remote/squares/redis/";
  std::map<std::string, double> out;
  for (const Measurement* theirs : r.Matching("^" + redis)) {
    const std::string suffix = theirs->name.substr(redis.size());
    if (const Measurement* ours = r.Find("remote/squares/master/" + suffix))
      out[suffix.substr(0, suffix.find("/real_time"))] =
          ours->Counter("items_per_second") /
          theirs->Counter("items_per_second");
  }
  if (out.empty()) throw MissingMeasurement("Redis rows not measured");
  return out;
}

}  // namespace mt::scenarios::remote
