// ThreadSanitizer reports (and gdb's `thread apply all bt` of a hung
// program) parsed into stacks of frames, each report with a signature that
// names the bug, not the run: the same race seen in 20 runs has one.
#pragma once

#include <string>
#include <vector>

namespace mt::harness {

struct Frame {
  std::string function;  // demangled; "<null>" or "??" when unknown
  std::string file;      // as printed; empty when unknown
  int line = 0;          // 0 when unknown
  std::string module;    // binary or library, without the offset
};

struct Stack {
  // The line that introduced it, e.g. "Write of size 8 at 0x... by thread
  // T4", "Mutex M1 acquired here while holding mutex M0 in main thread",
  // "Thread 3 (LWP 1234)"; "" for frames right under the report's headline.
  std::string title;
  std::vector<Frame> frames;
  // Whether the stack names the bug (the racing accesses, the lock
  // acquisitions of a cycle, the call in the signal handler) rather than
  // context (where a thread or mutex was created, a heap block allocated).
  bool primary = false;
};

struct TsanReport {
  std::string kind;      // normalised: "data race", "lock-order inversion", ...
  std::string headline;  // TSan's words, e.g. "heap-use-after-free"
  std::string location;  // "global 'x' of size 4", addresses removed; or ""
  std::vector<Stack> stacks;
};

// Thread safety: every function here is pure; any thread.

// Every report in a TSan log (WARNING and ERROR reports alike).
std::vector<TsanReport> ParseTsanLog(const std::string& text);

// One stack per thread from gdb's `thread apply all bt` output; threads with
// frames in user code are primary.
std::vector<Stack> ParseGdbBacktraces(const std::string& text);

// The kind for a TSan headline: "lock-order-inversion (potential deadlock)"
// -> "lock-order inversion", "heap-use-after-free" -> "use after free".
std::string NormaliseKind(const std::string& headline);

// Whether a frame is in the program's own code: it has a source line, and
// neither the file nor the module belongs to the system (libc, libstdc++,
// the sanitizer runtime, /usr/include).
bool IsUserFrame(const Frame& frame);

// "function file-basename:line" for up to `n` frames of the stack: its top
// user frames, or its top named frames when it has no user frame (a program
// built without -g).
std::vector<std::string> KeyFrames(const Stack& stack, size_t n = 3);
// The frames KeyFrames describes.
std::vector<Frame> SelectKeyFrames(const Stack& stack, size_t n = 3);
// "function file-basename:line", or "function (module)" without a line;
// with `short_name`, the function as ShortFunctionName gives it.
std::string DescribeFrame(const Frame& frame, bool short_name);

// A function name for a one-line table: template arguments, parameter
// lists and the return type dropped, the last two scopes kept, e.g.
// "void ns::Add<T>(T&)::'lambda'(int)::operator()(int) const" ->
// "'lambda'::operator()".
std::string ShortFunctionName(const std::string& function);

// What identifies a bug across runs: the kind and the key frames of each
// primary stack, sorted (so that which thread came first does not matter);
// addresses, pids, thread ids and access sizes are not part of it.
std::string SignatureText(const std::string& kind,
                          const std::vector<Stack>& stacks);
// SignatureText hashed (FNV-1a, 64 bit) as 16 hex digits.
std::string Signature(const std::string& kind,
                      const std::vector<Stack>& stacks);

}  // namespace mt::harness
