// `mtbench summary [RUN]`: a run's verdict summary again, as `mtbench run`
// printed it at the end.
#include <filesystem>
#include <iostream>

#include "harness/run_folder.h"
#include "harness/summary.h"
#include "harness/verbs.h"

namespace mt::harness {
namespace {

constexpr char kUsage[] = "usage: mtbench summary [RUN]\n";

int Summary(const std::vector<std::string>& args) {
  if (args.size() == 1 && (args[0] == "--help" || args[0] == "-h")) {
    std::cout << kUsage
              << "\nPrints the verdict summary of RUN (a run folder or its "
                 "run.json; default\nresults/latest), as mtbench run ends "
                 "with it.\n";
    return 0;
  }
  if (args.size() > 1 || (args.size() == 1 && args[0].rfind("-", 0) == 0)) {
    std::cerr << "mtbench summary: give one run folder or run.json\n" << kUsage;
    return 2;
  }
  std::string path = args.empty() ? "results/latest" : args[0];
  if (std::filesystem::is_directory(path)) path += "/run.json";
  const nlohmann::json run =
      nlohmann::json::parse(ReadFile(path), nullptr, false);
  if (!run.is_object()) {
    std::cerr << "mtbench summary: " << path
              << " is not a run.json (missing or not JSON)\n";
    return 2;
  }
  std::cout << FormatSummary(run, nullptr);
  return 0;
}

}  // namespace

MT_VERB(summary, {"summary", "mtbench summary [RUN]",
                  "a run's verdict summary again", Summary});

}  // namespace mt::harness
