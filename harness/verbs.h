// The registry of mtbench verbs (`mtbench run`, `mtbench topo`, ...): each
// verb lives in its own verb_*.cc and registers itself, so adding one touches
// no shared table.
#pragma once

#include <functional>
#include <string>
#include <vector>

namespace mt::harness {

struct Verb {
  std::string name;
  std::string usage;    // "mtbench run [OPTIONS]"
  std::string summary;  // one line for `mtbench --help`
  std::function<int(const std::vector<std::string>& args)> run;
  bool hidden = false;  // internal verbs (the scenario child)
};

bool AddVerb(Verb verb);
const std::vector<Verb>& AllVerbs();

// The path of the running mtbench binary, for re-executing itself.
std::string SelfExecutable();

}  // namespace mt::harness

#define MT_VERB(ident, ...)                                       \
  [[maybe_unused]] static const bool mt_verb_registered_##ident = \
      ::mt::harness::AddVerb(__VA_ARGS__)
