// The registry of mtbench verbs: each verb lives in its own verb_*.cc and
// registers itself with MT_VERB, so adding one touches no shared table and
// `mtbench --help` can never list a verb that is not there.
// Thread safety: verbs register during static initialisation; read after.
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
