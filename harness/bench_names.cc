// Benchmark naming helpers.
#include "harness/bench_names.h"

namespace mt::harness {

std::string Name(std::initializer_list<std::string_view> parts) {
  std::string out;
  for (std::string_view p : parts) {
    if (!out.empty()) out += '/';
    out += p;
  }
  return out;
}

std::string Axis(std::string_view key, long long value) {
  return std::string(key) + ":" + std::to_string(value);
}

std::string Axis(std::string_view key, std::string_view value) {
  return std::string(key) + ":" + std::string(value);
}

std::string Threaded(const std::string& base, int threads) {
  // AddPinned times on the wall clock, which Google Benchmark marks in the
  // name before the thread count.
  return base + "/real_time/threads:" + std::to_string(threads);
}

}  // namespace mt::harness
