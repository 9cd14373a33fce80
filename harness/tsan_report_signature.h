// What identifies a bug across runs: its kind, a detail (the variable of a
// data race, an assertion's text), and the program's own call chain of each
// primary stack with the access it made. Addresses, pids, thread numbers and
// access sizes are not part of it, so one bug seen in 20 runs has one
// signature; two bugs under one shared helper have two, told apart by the
// callers beyond the helper, the access type or the variable.
#pragma once

#include <string>
#include <vector>

#include "harness/tsan_report_frames.h"

namespace mt::harness {

// Frames of each stack's own call chain a signature reads (OwnFrames):
// enough to reach the callers of a helper a few calls deep, few enough that
// recursion depth or a long chain of callers rarely splits one bug.
constexpr size_t kSignatureFrames = 8;

// The access a stack made, from its title: "read", "write", "atomic read",
// "atomic write"; "" for anything else (mutexes, threads, gdb's threads).
std::string AccessOf(const Stack& stack);

// A report's "Location is ..." reduced to what names the memory whatever
// the run: "global 'name'", "heap block", "stack", "TLS", "file
// descriptor"; "" when there is none.
std::string LocationKey(const std::string& location);

// One primary stack's part of a signature: "write: F a.cc:3 <- G a.cc:9".
std::string StackKey(const Stack& stack);

// The kind, the detail (if any), then each primary stack's key, sorted and
// unique (so that which thread came first does not matter), one a line.
std::string SignatureText(const std::string& kind, const std::string& detail,
                          const std::vector<Stack>& stacks);
// SignatureText hashed.
std::string Signature(const std::string& kind, const std::string& detail,
                      const std::vector<Stack>& stacks);
// `text` hashed (FNV-1a, 64 bit: stable across builds and platforms, unlike
// std::hash) as 16 hex digits.
std::string HashText(const std::string& text);

}  // namespace mt::harness
