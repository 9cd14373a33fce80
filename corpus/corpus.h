// Shared by every corpus program: the invariant check that ends a bad run
// like a failed assert(), and the hook that widens a bug's window for proofs.
#pragma once

#include <errno.h>  // program_invocation_short_name
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include <atomic>

namespace mt::corpus {

// glibc's one-line assertion message, then abort(), whatever NDEBUG says:
// the corpus is built RelWithDebInfo, where assert() is compiled out.
// One fprintf, so the line is not interleaved with other threads' output.
[[noreturn]] __attribute__((format(printf, 4, 5))) inline void Fail(
    const char* file, int line, const char* function, const char* format, ...) {
  char what[512];
  va_list args;
  va_start(args, format);
  vsnprintf(what, sizeof what, format, args);
  va_end(args);
  fprintf(stderr, "%s: %s:%d: %s: Assertion `%s' failed.\n",
          program_invocation_short_name, file, line, function, what);
  abort();
}

}  // namespace mt::corpus

// Checks an invariant; on violation prints what broke and aborts.
#define CORPUS_CHECK(cond, ...)                                               \
  do {                                                                        \
    if (!(cond)) mt::corpus::Fail(__FILE__, __LINE__, __func__, __VA_ARGS__); \
  } while (0)

// Marks the window a bug needs another thread to run in. Empty in the corpus
// builds; corpus/prove.py compiles with -DCORPUS_WIDEN_US=N so that the first
// thread to reach each window sleeps N us there (later arrivals pass), which
// makes the bug fire without a controlled scheduler and shows it is real.
#ifdef CORPUS_WIDEN_US
#define CORPUS_WINDOW()                                               \
  do {                                                                \
    static std::atomic<bool> corpus_window_taken{false};              \
    if (!corpus_window_taken.exchange(true)) usleep(CORPUS_WIDEN_US); \
  } while (0)
#else
#define CORPUS_WINDOW() \
  do {                  \
  } while (0)
#endif
