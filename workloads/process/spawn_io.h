// Small blocking I/O helpers for talking to child processes and partner
// threads over pipes and socket pairs: whole reads and writes, EINTR retried.
#pragma once

#include <cstddef>

namespace mt::workloads {

// Thread safety: any thread; one reader and one writer per fd at a time
// (a whole read or write is several system calls).

// Writes all `n` bytes; false on error (errno set). On a socket it sends with
// MSG_NOSIGNAL, so a dead peer gives EPIPE instead of killing us by SIGPIPE
// (on a pipe, a dead reader raises SIGPIPE as usual).
bool WriteFull(int fd, const void* data, std::size_t n);
// Reads until `n` bytes or end of file; returns the bytes read, -1 on error.
long ReadFull(int fd, void* data, std::size_t n);
// Closes `fd` when it is >= 0 and sets it to -1.
void CloseFd(int& fd);

}  // namespace mt::workloads
