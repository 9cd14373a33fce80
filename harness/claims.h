// Claims: a seed's sentence plus a check over the scenario's own results,
// judged holds / fails / not measurable here / not run, with the numbers
// behind it.
#pragma once

#include <functional>
#include <map>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace mt::harness {

// One benchmark's figures as claims see them: medians over repetitions.
struct Measurement {
  std::string name;  // full Google Benchmark name
  int threads = 1;
  int repetitions = 1;
  double real_ns = 0;  // wall-clock ns per iteration (median)
  double real_ns_min = 0;
  double real_ns_max = 0;
  double cpu_ns = 0;                       // CPU ns per iteration (median)
  std::map<std::string, double> counters;  // medians; rates already per second
  // Each counter's extremes over repetitions: a check that must hold in every
  // repetition (nothing lost, nothing torn) reads these, not the median.
  std::map<std::string, double> counters_min, counters_max;

  // Counter `key`'s median, least and largest value; throw
  // MissingMeasurement when the benchmark lacks it.
  double Counter(const std::string& key) const;
  double CounterMin(const std::string& key) const;
  double CounterMax(const std::string& key) const;
};

// Raised by a claim that looks up a benchmark the run did not measure
// (filtered out, skipped, failed); the claim is then "not run": nothing was
// measured for it, which is not the same as a machine that cannot judge it.
class MissingMeasurement : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// Raised by a check that has its figures but cannot judge them here (a
// control that did not scale, a machine too busy): "not measurable here".
class CannotJudge : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// Thread safety: built by one thread (the scenario child, from Google
// Benchmark's reports); once built, the const members may be called from any
// thread. Claims' checks run on the child's main thread after every benchmark
// thread has finished, so they may read a scenario's statics without locks.
class Results {
 public:
  void Add(Measurement m);
  // The benchmark named exactly `name`, or throws MissingMeasurement.
  const Measurement& Get(const std::string& name) const;
  const Measurement* Find(const std::string& name) const;
  // Every benchmark whose name matches the ECMAScript regex, in run order.
  std::vector<const Measurement*> Matching(const std::string& regex) const;
  // The first benchmark matching `regex`, or throws MissingMeasurement.
  const Measurement& First(const std::string& regex) const;
  bool empty() const { return order_.empty(); }

 private:
  std::map<std::string, Measurement> by_name_;
  std::vector<std::string> order_;
};

// kNotMeasurable: measured, but this machine cannot judge it (too busy, a
// control that did not scale). kNotRun: its benchmarks were not measured.
enum class Verdict { kHolds, kFails, kNotMeasurable, kNotRun };
std::string_view VerdictName(Verdict verdict);  // "holds", "fails", ...

struct Outcome {
  Verdict verdict = Verdict::kNotMeasurable;
  std::string numbers;  // the figures behind the verdict, or why not measured
};

// holds when `holds`, fails otherwise; `numbers` says what was compared.
Outcome Judge(bool holds, std::string numbers);
Outcome NotMeasurable(std::string why);
// A figure for a claim's numbers: 3 significant digits below 1000 (0.0123,
// 48.2), whole numbers from there (7834, not 7.83e+03).
std::string Fmt(double value);

// What the machine delivered when the run started (see calibration.h).
struct MachineFacts {
  int pus = 1;
  double parallel_speedup = 0;       // same compute on all PUs vs one
  double load_average = 0;           // 1-minute, at the start of the run
  bool DeliversParallelism() const;  // speedup >= 0.8 x PUs
  bool operator==(const MachineFacts&) const = default;
};

struct Claim {
  std::string sentence;  // the seed's words, in English
  std::string check;     // the check, as a formula a reader can follow
  // A scaling claim is "not measurable here" when the machine does not
  // deliver its PUs, instead of giving a false verdict.
  bool needs_parallelism = false;
  std::function<Outcome(const Results&)> evaluate;
};

struct ClaimResult {
  std::string sentence;
  std::string check;
  Outcome outcome;
};

// Evaluates `claim` over `results`: missing benchmarks make it "not run";
// exceptions and an under-delivering machine (for a scaling claim whose
// benchmarks were measured) make it "not measurable here", with the reason.
ClaimResult EvaluateClaim(const Claim& claim, const Results& results,
                          const MachineFacts& facts);

}  // namespace mt::harness
