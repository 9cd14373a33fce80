// `mtbench compare BASE NEW`: the statistics live in scripts/compare.py
// (Debian's numpy and scipy); this verb only hands its arguments over.
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <iostream>

#include "harness/verbs.h"

namespace mt::harness {
namespace {

// Debian's interpreter, which sees python3-numpy and python3-scipy; a python3
// earlier on PATH (pyenv, a virtualenv) may not.
constexpr const char* kPython = "/usr/bin/python3";

int Compare(const std::vector<std::string>& args) {
  const std::string script = std::string(MT_SOURCE_DIR) + "/scripts/compare.py";
  std::vector<std::string> argv_text = {kPython, script};
  argv_text.insert(argv_text.end(), args.begin(), args.end());
  std::vector<char*> argv;
  for (std::string& a : argv_text) argv.push_back(a.data());
  argv.push_back(nullptr);
  std::cout.flush();
  execv(kPython, argv.data());
  // Only reached when the exec failed.
  std::cerr << "mtbench compare: cannot run " << kPython << " " << script
            << ": " << std::strerror(errno)
            << "\n  install it with: scripts/setup_deps.sh analysis\n";
  return 2;
}

}  // namespace

MT_VERB(compare,
        {"compare", "mtbench compare BASE NEW | --history RUN",
         "significant regressions between two runs (exit 1 on one)", Compare});

}  // namespace mt::harness
