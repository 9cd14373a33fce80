// `mtbench hunt merge DIR...`: the races.json of a hunt's shards (run on
// many machines with one seed) merged into one, as if one machine had run
// them all: runs side by side by index, findings counted again.
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

namespace mt::harness {

// The shards' documents merged; false with `error` set when they are not
// shards of one hunt (another format, seed, strategy, number of runs or
// target) or overlap (a run index in two of them). `sources`: each
// document's folder (absolute), which run folders and examples are made
// relative to no longer: they become paths under it.
bool MergeHuntDocs(const std::vector<nlohmann::json>& docs,
                   const std::vector<std::string>& sources,
                   nlohmann::json* merged, std::string* error);

// The verb: reads DIR/races.json (or a races.json path) of each argument,
// writes the merged one into a new folder under --out (default results),
// prints the table. Exit status 0 nothing found, 1 found, 2 refused.
int HuntMergeVerb(const std::vector<std::string>& args);

}  // namespace mt::harness
