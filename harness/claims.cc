// Claim evaluation and the results view claims read.
#include "harness/claims.h"

#include <cmath>
#include <exception>
#include <iomanip>
#include <regex>
#include <sstream>

namespace mt::harness {

namespace {
double Lookup(const std::map<std::string, double>& from,
              const std::string& name, const std::string& key) {
  auto it = from.find(key);
  if (it == from.end()) {
    throw MissingMeasurement("benchmark " + name + " has no counter '" + key +
                             "'");
  }
  return it->second;
}
}  // namespace

double Measurement::Counter(const std::string& key) const {
  return Lookup(counters, name, key);
}
double Measurement::CounterMin(const std::string& key) const {
  return Lookup(counters_min, name, key);
}
double Measurement::CounterMax(const std::string& key) const {
  return Lookup(counters_max, name, key);
}

void Results::Add(Measurement m) {
  std::string name = m.name;
  if (by_name_.insert_or_assign(name, std::move(m)).second) {
    order_.push_back(name);
  }
}

const Measurement* Results::Find(const std::string& name) const {
  auto it = by_name_.find(name);
  return it == by_name_.end() ? nullptr : &it->second;
}

const Measurement& Results::Get(const std::string& name) const {
  const Measurement* m = Find(name);
  if (m == nullptr) {
    throw MissingMeasurement("benchmark " + name + " was not measured");
  }
  return *m;
}

std::vector<const Measurement*> Results::Matching(
    const std::string& regex) const {
  std::regex re(regex);
  std::vector<const Measurement*> out;
  for (const std::string& name : order_) {
    if (std::regex_search(name, re)) out.push_back(&by_name_.at(name));
  }
  return out;
}

const Measurement& Results::First(const std::string& regex) const {
  std::vector<const Measurement*> all = Matching(regex);
  if (all.empty()) {
    throw MissingMeasurement("no benchmark matching " + regex +
                             " was measured");
  }
  return *all.front();
}

std::string Fmt(double value) {
  std::ostringstream out;
  if (std::isfinite(value) && std::abs(value) >= 1000 &&
      std::abs(value) < 1e15) {
    out << std::fixed << std::setprecision(0) << value;  // 7834, not 7.83e+03
  } else {
    out << std::setprecision(3) << value;
  }
  return out.str();
}

std::string_view VerdictName(Verdict verdict) {
  switch (verdict) {
    case Verdict::kHolds:
      return "holds";
    case Verdict::kFails:
      return "fails";
    case Verdict::kNotMeasurable:
      return "not measurable here";
    case Verdict::kNotRun:
      return "not run";
  }
  return "not measurable here";
}

Outcome Judge(bool holds, std::string numbers) {
  return {holds ? Verdict::kHolds : Verdict::kFails, std::move(numbers)};
}

Outcome NotMeasurable(std::string why) {
  return {Verdict::kNotMeasurable, std::move(why)};
}

bool MachineFacts::DeliversParallelism() const {
  // Below 0.8 x PUs something else is using the machine (or the PUs are
  // hyperthreads sharing a core): scaling verdicts would be about that.
  return parallel_speedup >= 0.8 * pus;
}

ClaimResult EvaluateClaim(const Claim& claim, const Results& results,
                          const MachineFacts& facts) {
  ClaimResult r{claim.sentence, claim.check, {}};
  // Judged first, so that a claim whose benchmarks were filtered out says
  // "not run" even on a busy machine.
  try {
    r.outcome = claim.evaluate(results);
  } catch (const MissingMeasurement& e) {
    r.outcome = {Verdict::kNotRun, e.what()};
    return r;
  } catch (const CannotJudge& e) {
    r.outcome = NotMeasurable(e.what());
    return r;
  } catch (const std::exception& e) {
    r.outcome =
        NotMeasurable(std::string("the check failed to run: ") + e.what());
    return r;
  }
  if (claim.needs_parallelism && !facts.DeliversParallelism()) {
    std::ostringstream why;
    why.precision(2);
    why << std::fixed << "the machine delivered a parallel speedup of "
        << facts.parallel_speedup << " on " << facts.pus
        << " PUs (needs >= " << 0.8 * facts.pus << "; load average "
        << facts.load_average << ")";
    r.outcome = NotMeasurable(why.str());
  }
  return r;
}

}  // namespace mt::harness
