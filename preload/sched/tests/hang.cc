// A hang outside the scheduler's control: a thread blocks in read() on a
// pipe nobody writes, and main joins it.
#include <pthread.h>
#include <unistd.h>

#include <cstdio>

namespace {

int fds[2];

void* Reader(void*) {
  char c;
  return read(fds[0], &c, 1) == 1 ? nullptr : nullptr;
}

}  // namespace

int main() {
  if (pipe(fds) != 0) return 2;
  pthread_t reader;
  pthread_create(&reader, nullptr, Reader, nullptr);
  pthread_join(reader, nullptr);
  std::puts("read");
}
