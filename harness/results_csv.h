// run.json's benchmarks as CSV, one row per benchmark run (and aggregate),
// for spreadsheets and scripts that do not read JSON: Google Benchmark's
// fields first, then one column per counter any benchmark reported.
// Thread safety: pure.
#pragma once

#include <nlohmann/json.hpp>
#include <string>

namespace mt::harness {

std::string ToCsv(const nlohmann::json& run);
// Writes ToCsv(run) to `path`; false when it cannot.
bool WriteCsv(const nlohmann::json& run, const std::string& path);

}  // namespace mt::harness
