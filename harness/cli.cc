// mtbench's entry: dispatch to a registered verb, top-level help.
#include "harness/cli.h"

#include <unistd.h>

#include <algorithm>
#include <iostream>

#include "harness/verbs.h"

namespace mt::harness {
namespace {

std::vector<Verb>& Registry() {
  static auto* verbs = new std::vector<Verb>;
  return *verbs;
}

void PrintHelp(std::ostream& out) {
  out << "mtbench: concurrency lessons measured on this machine\n\n"
         "usage: mtbench VERB [OPTIONS]   (mtbench VERB --help for its "
         "options; mtbench --version)\n\n";
  size_t width = 0;
  for (const Verb& v : AllVerbs())
    if (!v.hidden) width = std::max(width, v.name.size());
  for (const Verb& v : AllVerbs()) {
    if (!v.hidden)
      out << "  " << v.name << std::string(width + 2 - v.name.size(), ' ')
          << v.summary << "\n";
  }
}

}  // namespace

bool AddVerb(Verb verb) {
  // Sorted by name: static registration order differs between builds.
  std::vector<Verb>& all = Registry();
  auto at = std::lower_bound(
      all.begin(), all.end(), verb.name,
      [](const Verb& v, const std::string& name) { return v.name < name; });
  all.insert(at, std::move(verb));
  return true;
}

const std::vector<Verb>& AllVerbs() { return Registry(); }

std::string SelfExecutable() {
  char buf[4096];
  ssize_t n = readlink("/proc/self/exe", buf, sizeof buf - 1);
  return n > 0 ? std::string(buf, static_cast<size_t>(n)) : "mtbench";
}

int Main(const std::vector<std::string>& args) {
  if (args.empty() || args[0] == "--help" || args[0] == "-h" ||
      args[0] == "help") {
    PrintHelp(std::cout);
    return args.empty() ? 2 : 0;
  }
  if (args[0] == "--version" || args[0] == "version") {
    std::cout << "mtbench " << MT_VERSION << " (" << MT_PRESET << " build, "
              << MT_COMPILER << ")\n";
    return 0;
  }
  for (const Verb& v : AllVerbs()) {
    if (v.name == args[0]) {
      return v.run(std::vector<std::string>(args.begin() + 1, args.end()));
    }
  }
  std::cerr << "mtbench: unknown verb '" << args[0] << "'; accepted:";
  for (const Verb& v : AllVerbs()) {
    if (!v.hidden) std::cerr << " " << v.name;
  }
  std::cerr << " (mtbench --help)\n";
  return 2;
}

}  // namespace mt::harness
