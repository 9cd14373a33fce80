// Benchmark names: <scenario>/<shape>/<variant>/<axis>:<value>/threads:<n>.
#pragma once

#include <initializer_list>
#include <string>
#include <string_view>

namespace mt::harness {

// Thread safety: pure functions of their arguments; any thread.

// Joins name parts with '/': Name({"counter", "increment", "mutex"}).
std::string Name(std::initializer_list<std::string_view> parts);
// "key:value", for axes.
std::string Axis(std::string_view key, long long value);
std::string Axis(std::string_view key, std::string_view value);
// The name Google Benchmark reports for a benchmark registered with
// AddPinned under `base` and run on `threads` threads.
std::string Threaded(const std::string& base, int threads);

}  // namespace mt::harness
