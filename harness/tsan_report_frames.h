// Stacks of frames as ThreadSanitizer and gdb print them, and which frames
// are the program's own: user frames, key frames, the call chain a signature
// reads, short names for a one-line table.
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

// "file:line:col", "file:line" or "file" (an object file, no line info).
void ParseFileLine(const std::string& text, Frame* frame);
std::string TrimSpace(const std::string& s);
std::string Basename(const std::string& path);

// Whether a frame is in the program's own code: it has a source line, and
// neither the file nor the module belongs to the system (libc, libstdc++,
// the sanitizer runtime, /usr/include).
bool IsUserFrame(const Frame& frame);
// Whether a frame is in a system library (libc, libstdc++, the sanitizer
// runtime, Google Benchmark): where the program's own call chain ends, so
// that how a thread was started does not tell two reports apart.
bool IsSystemFrame(const Frame& frame);

// The program's own call chain at the top of a stack: its user frames from
// the first one down to the first system frame (header templates between
// them are skipped, not an end), at most `n`. A shared helper's callers are
// in it, a thread's start is not.
std::vector<Frame> OwnFrames(const Stack& stack, size_t n);

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

}  // namespace mt::harness
