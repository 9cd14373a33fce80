// A hang outside the scheduler's control: a thread waits on a private futex
// through a raw syscall instruction (as libc's and TSan's internal locks do,
// unseen by any wrapper), nobody wakes it, and main joins it.
#include <linux/futex.h>
#include <pthread.h>
#include <sys/syscall.h>

#include <cstdio>

namespace {

unsigned word = 0;

void* Wait(void*) {
  long ret;
  register long timeout asm("r10") = 0;
  asm volatile("syscall"
               : "=a"(ret)
               : "a"(SYS_futex), "D"(&word), "S"(FUTEX_WAIT_PRIVATE), "d"(0),
                 "r"(timeout)
               : "rcx", "r11", "memory");
  return nullptr;
}

}  // namespace

int main() {
  pthread_t waiter;
  pthread_create(&waiter, nullptr, Wait, nullptr);
  pthread_join(waiter, nullptr);
  std::puts("woken");
}
