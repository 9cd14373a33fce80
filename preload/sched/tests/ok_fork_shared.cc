// Correct: a process-shared semaphore and a shared futex word in memory
// shared with a forked child. The child (which runs uncontrolled) posts
// them; the parent's threads wait: the scheduler must not take the wait for
// a deadlock, since another process releases it.
#include <linux/futex.h>
#include <semaphore.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <cstdio>
#include <thread>

namespace {

struct Shared {
  sem_t ready;
  std::atomic<unsigned> word;
};

}  // namespace

int main() {
  void* memory = mmap(nullptr, sizeof(Shared), PROT_READ | PROT_WRITE,
                      MAP_SHARED | MAP_ANONYMOUS, -1, 0);
  if (memory == MAP_FAILED) return 2;
  auto* shared = new (memory) Shared;
  sem_init(&shared->ready, /*pshared=*/1, 0);
  shared->word.store(0);
  std::thread waiter([&] {
    sem_wait(&shared->ready);
    while (shared->word.load() == 0) {
      syscall(SYS_futex, &shared->word, FUTEX_WAIT, 0, nullptr, nullptr, 0);
    }
  });
  pid_t child = fork();
  if (child == 0) {
    usleep(20000);
    sem_post(&shared->ready);
    usleep(20000);
    shared->word.store(1);
    syscall(SYS_futex, &shared->word, FUTEX_WAKE, 1, nullptr, nullptr, 0);
    _exit(0);
  }
  waiter.join();
  int status = 0;
  waitpid(child, &status, 0);
  std::puts("released by the child");
  return WIFEXITED(status) && WEXITSTATUS(status) == 0 ? 0 : 1;
}
