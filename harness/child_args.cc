// The child protocol: ChildOptions to the `mtbench child` command line and
// back. The one place that spells the child's flags.
#include <cstdio>
#include <sstream>

#include "harness/child.h"
#include "harness/flags.h"

namespace mt::harness {
namespace {

// Enough digits that a double reads back bit for bit.
std::string Exact(double value) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.17g", value);
  return buf;
}

}  // namespace

std::string ParsePinList(const std::string& text,
                         std::vector<PinPolicy>* pins) {
  pins->clear();
  std::stringstream in(text);
  for (std::string item; std::getline(in, item, ',');) {
    std::optional<PinPolicy> p = ParsePinPolicy(item);
    if (!p) {
      return "accepted: " + std::string(kPinPolicyChoices) +
             ", or several joined by commas";
    }
    pins->push_back(*p);
  }
  return pins->empty() ? "give at least one policy" : "";
}

std::string JoinPinList(const std::vector<PinPolicy>& pins) {
  std::string out;
  for (PinPolicy p : pins)
    out += (out.empty() ? "" : ",") + std::string(PinPolicyName(p));
  return out;
}

std::vector<std::string> ChildOptions::ToArgs() const {
  std::vector<std::string> args = {"--scenario",
                                   scenario,
                                   "--filter",
                                   filter,
                                   "--repetitions",
                                   std::to_string(repetitions),
                                   "--benchmark-json",
                                   benchmark_json,
                                   "--sidecar-json",
                                   sidecar_json,
                                   "--machine",
                                   std::to_string(facts.pus) + "," +
                                       Exact(facts.parallel_speedup) + "," +
                                       Exact(facts.load_average)};
  if (pins_given) args.insert(args.end(), {"--pin", JoinPinList(pins)});
  if (quick) args.push_back("--quick");
  if (random_interleaving) args.push_back("--random-interleaving");
  if (list_only) args.push_back("--list");
  if (!benchmark_flags.empty()) {
    args.push_back("--");
    args.insert(args.end(), benchmark_flags.begin(), benchmark_flags.end());
  }
  return args;
}

bool ChildOptions::Parse(const std::vector<std::string>& args,
                         ChildOptions* out, std::string* error) {
  ChildOptions o;
  Flags flags("mtbench child");
  auto text = [](std::string* field) {
    return [field](const std::string& v) {
      *field = v;
      return std::string();
    };
  };
  flags.Value("--scenario", "NAME", "", text(&o.scenario));
  flags.Value("--filter", "REGEX", "", text(&o.filter));
  flags.Value("--pin", "POLICIES", "", [&](const std::string& v) {
    o.pins_given = true;
    return ParsePinList(v, &o.pins);
  });
  flags.Int("--repetitions", "N", "", 1, 1000,
            [&](long n) { o.repetitions = static_cast<int>(n); });
  flags.Value("--benchmark-json", "FILE", "", text(&o.benchmark_json));
  flags.Value("--sidecar-json", "FILE", "", text(&o.sidecar_json));
  flags.Value("--machine", "PUS,SPEEDUP,LOAD", "", [&](const std::string& v) {
    std::istringstream in(v);
    char comma1 = 0, comma2 = 0;
    in >> o.facts.pus >> comma1 >> o.facts.parallel_speedup >> comma2 >>
        o.facts.load_average;
    const bool ok = in && comma1 == ',' && comma2 == ',' && in.peek() == EOF;
    return ok ? std::string() : std::string("expected PUS,SPEEDUP,LOAD");
  });
  flags.Switch("--quick", "", [&] { o.quick = true; });
  flags.Switch("--random-interleaving", "",
               [&] { o.random_interleaving = true; });
  flags.Switch("--list", "", [&] { o.list_only = true; });
  if (!flags.Parse(args, error)) return false;
  if (o.scenario.empty()) {
    *error = "mtbench child: --scenario is required";
    return false;
  }
  o.benchmark_flags = flags.rest();
  *out = std::move(o);
  return true;
}

}  // namespace mt::harness
