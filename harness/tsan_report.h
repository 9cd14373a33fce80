// ThreadSanitizer logs parsed into reports: each report's kind in TSan's own
// words, its stacks of frames, and the location it names.
#pragma once

#include <string>
#include <vector>

#include "harness/tsan_report_frames.h"

namespace mt::harness {

struct TsanReport {
  std::string kind;      // NormaliseKind of the headline
  std::string headline;  // TSan's words, e.g. "heap-use-after-free"
  std::string location;  // "global 'x' of size 4", addresses removed; or ""
  // What besides the stacks tells this report from another of its kind:
  // the raced-on variable (LocationKey), or the signal of a crash.
  std::string detail;
  std::vector<Stack> stacks;
};

// Thread safety: every function here is pure; any thread.

// Every report in a TSan log (WARNING and ERROR reports alike).
std::vector<TsanReport> ParseTsanLog(const std::string& text);

// The kind for a TSan headline: TSan's own report type, without its
// parenthesised remark ("lock-order-inversion (potential deadlock)" ->
// "lock-order-inversion"); "data race on vptr" is a "data race"; a deadly
// signal ("SEGV on unknown address") is a "crash".
std::string NormaliseKind(const std::string& headline);

// "SIGSEGV" for a deadly-signal headline "SEGV on unknown address"; "".
std::string DeadlySignalOf(const std::string& headline);

}  // namespace mt::harness
