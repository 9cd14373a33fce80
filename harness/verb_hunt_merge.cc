// `mtbench hunt merge DIR...`: shards' races.json read, merged (hunt_merge.h)
// into a new results folder, the merged findings' table printed.
#include <filesystem>
#include <iostream>

#include "harness/flags.h"
#include "harness/hunt_json.h"
#include "harness/hunt_merge.h"
#include "harness/hunt_table.h"
#include "harness/run_folder.h"

namespace mt::harness {

namespace fs = std::filesystem;

int HuntMergeVerb(const std::vector<std::string>& args) {
  std::string out_root = "results";
  bool out_given = false;
  Flags flags("mtbench hunt merge");
  flags.Value("--out", "DIR", "results root (default results)",
              [&](const std::string& v) -> std::string {
                if (v.empty()) return "give a folder";
                out_root = v;
                out_given = true;
                return "";
              });
  std::string error;
  // Options (and --out's value) for the parser; the folders are the rest.
  std::vector<std::string> opts, rest;
  for (size_t i = 0; i < args.size(); ++i) {
    const bool option = args[i].rfind("-", 0) == 0;
    (option ? opts : rest).push_back(args[i]);
    if (args[i] == "--out" && i + 1 < args.size()) opts.push_back(args[++i]);
  }
  if (!flags.Parse(opts, &error) || (rest.empty() && !flags.help_requested())) {
    std::cerr << (error.empty() ? "mtbench hunt merge: give the shards' folders"
                                : error)
              << "\nusage: mtbench hunt merge [--out DIR] DIR...\n";
    return 2;
  }
  if (flags.help_requested()) {
    std::cout << "usage: mtbench hunt merge [--out DIR] DIR...\n\nMerges the "
                 "races.json of a hunt's shards (mtbench hunt --shard I/N "
                 "--seed S ...)\ninto one, as if one machine had run them "
                 "all. Exit status: 0 nothing found,\n1 something found, 2 "
                 "the folders are not shards of one hunt.\n\n"
              << flags.Help();
    return 0;
  }
  std::vector<nlohmann::json> docs;
  std::vector<std::string> sources;
  for (const std::string& arg : rest) {
    fs::path file =
        fs::is_directory(arg) ? fs::path(arg) / "races.json" : fs::path(arg);
    nlohmann::json doc =
        nlohmann::json::parse(ReadFile(file.string()), nullptr, false);
    if (doc.is_discarded() || !doc.is_object() || !doc.contains("targets")) {
      std::cerr << "mtbench hunt merge: " << file.string()
                << ": not a races.json of mtbench hunt\n";
      return 2;
    }
    docs.push_back(std::move(doc));
    sources.push_back(fs::absolute(file).parent_path().lexically_normal());
  }
  nlohmann::json merged;
  if (!MergeHuntDocs(docs, sources, &merged, &error)) {
    std::cerr << "mtbench hunt merge: " << error << "\n";
    return 2;
  }
  std::string dir = MakeRunDirectory(out_root, &error);
  if (dir.empty()) {
    std::cerr << "mtbench hunt merge: " << error << "\n";
    return 2;
  }
  if (out_given) PointLatestAt(out_root, dir);
  std::string command = "mtbench hunt merge";
  for (const std::string& a : args) command += " " + a;
  merged["command_line"] = command;
  WriteJsonAtomically(dir + "/races.json", merged);
  for (const nlohmann::json& target : merged["targets"]) {
    std::vector<Finding> findings;
    for (const nlohmann::json& j : target["findings"]) {
      Finding f;
      if (FindingFromJson(j, &f, &error)) findings.push_back(std::move(f));
    }
    PrintFindings(std::cout, target["name"], findings,
                  target["runs_completed"]);
  }
  std::cout << "\nmerged " << docs.size() << " shard(s): " << dir
            << "/races.json\n";
  return merged["exit_status"];
}

}  // namespace mt::harness
