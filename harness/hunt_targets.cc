// Hunt targets: the user's program, a scenario's benchmarks.
#include "harness/hunt_targets.h"

#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>

#include "harness/child.h"
#include "harness/elf_symbols.h"
#include "workloads/process/exec_path.h"

namespace mt::harness {

std::string CheckTsanProgram(const std::string& path) {
  if (access(path.c_str(), X_OK) != 0)
    return path + ": cannot be run (" + std::strerror(errno) + ")";
  std::string error;
  std::optional<bool> tsan = ElfHasSymbol(path, kTsanInitSymbol, &error);
  if (!tsan) return error;
  if (!*tsan) {
    return path +
           ": not built with ThreadSanitizer (its ELF symbol tables do not "
           "reference " +
           kTsanInitSymbol +
           "); rebuild it with -fsanitize=thread (clang++ or g++)";
  }
  return "";
}

HuntTarget ProgramTarget(const std::vector<std::string>& program,
                         std::string* error) {
  std::string path = workloads::FindOnPath(program[0]);
  if (path.empty()) {
    *error = program[0] + ": no such program (not a path, not on PATH)";
    return {};
  }
  if (std::string why = CheckTsanProgram(path); !why.empty()) {
    *error = why;
    return {};
  }
  std::vector<std::string> argv = program;
  argv[0] = std::filesystem::absolute(path).lexically_normal().string();
  return {std::filesystem::path(path).filename().string(), "program", "",
          std::vector<std::string>(program.begin() + 1, program.end()),
          [argv](const std::string&) { return argv; }};
}

HuntTarget ScenarioTarget(const std::string& self, const std::string& name,
                          const std::string& filter) {
  return {name, "scenario", filter, {}, [=](const std::string& folder) {
            ChildOptions child;
            child.scenario = name;
            child.filter = filter;
            // The hunt, not the scenario, decides where threads run.
            child.pins = {PinPolicy::kNone};
            child.pins_given = true;
            child.quick = true;
            child.benchmark_json = folder + "/benchmark.json";
            child.sidecar_json = folder + "/claims.json";
            std::vector<std::string> argv = {self, "child"};
            for (std::string& a : child.ToArgs()) argv.push_back(std::move(a));
            return argv;
          }};
}

}  // namespace mt::harness
