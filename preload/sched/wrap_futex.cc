// The futex system call through libc's syscall(): libstdc++ 12's atomic
// wait/notify, std::counting_semaphore, std::latch and std::barrier wait this
// way (README.md, "libstdc++ primitives"). WAIT/WAIT_BITSET are modelled like
// a lock: at the thread's turn the word is compared; equal, the thread blocks
// until a WAKE picks it. Every other call goes to the kernel untouched.
#include <errno.h>
#include <linux/futex.h>
#include <stdarg.h>
#include <sys/syscall.h>

#include "preload/sched/mapping.h"
#include "preload/sched/real.h"
#include "preload/sched/sys.h"
#include "preload/sched/wrap_lock.h"

using namespace mt::sched;

namespace {

long Fail(int error) {
  errno = error;
  return -1;
}

long FutexWaitOp(Slot* s, const uint32_t* word, int cmd, int op,
                 uint32_t expected, const timespec* timeout, uint32_t bitset) {
  if (cmd == FUTEX_WAIT_BITSET && bitset == 0) return Fail(EINVAL);
  if (timeout != nullptr && !ValidTime(timeout)) return Fail(EINVAL);
  Point(s, Op::kFutexWait, word);
  // libstdc++ 12 waits without FUTEX_PRIVATE_FLAG (its configuration lacks
  // _GLIBCXX_HAVE_LINUX_FUTEX_PRIVATE): what tells a futex another process
  // may wake is the memory it lies in.
  if ((op & FUTEX_PRIVATE_FLAG) == 0 &&
      InSharedMapping(reinterpret_cast<uintptr_t>(word))) {
    // Another process may wake it (wrap_lock.h, Shared).
    Leave(s);
    return Real().syscall(SYS_futex, reinterpret_cast<long>(word), op, expected,
                          reinterpret_cast<long>(timeout), 0, bitset);
  }
  if (__atomic_load_n(word, __ATOMIC_SEQ_CST) != expected) return Fail(EAGAIN);
  Deadline dl;
  if (timeout != nullptr) {
    if (cmd == FUTEX_WAIT) {  // relative, on the monotonic clock
      dl = Deadline{MonoNs() + ToNs(*timeout), CLOCK_MONOTONIC};
    } else {
      clockid_t clock =
          (op & FUTEX_CLOCK_REALTIME) != 0 ? CLOCK_REALTIME : CLOCK_MONOTONIC;
      dl = Deadline{ToNs(*timeout), clock};
    }
  }
  Block(s, Wait::kFutex, word, dl,
        cmd == FUTEX_WAIT ? FUTEX_BITSET_MATCH_ANY : bitset);
  return s->signalled ? 0 : Fail(ETIMEDOUT);
}

}  // namespace

extern "C" __attribute__((visibility("default"))) long syscall(long nr, ...) {
  va_list ap;
  va_start(ap, nr);
  long a[6];
  for (long& v : a) v = va_arg(ap, long);
  va_end(ap);
  const RealFunctions& real = Real();
  if (nr != SYS_futex || !g.active.load(std::memory_order_relaxed)) {
    return real.syscall(nr, a[0], a[1], a[2], a[3], a[4], a[5]);
  }
  auto* word = reinterpret_cast<const uint32_t*>(a[0]);
  int op = static_cast<int>(a[1]);
  int cmd = op & FUTEX_CMD_MASK;
  Slot* s = Self();
  if (s != nullptr && (cmd == FUTEX_WAIT || cmd == FUTEX_WAIT_BITSET)) {
    return FutexWaitOp(s, word, cmd, op, static_cast<uint32_t>(a[2]),
                       reinterpret_cast<const timespec*>(a[3]),
                       static_cast<uint32_t>(a[5]));
  }
  if (cmd == FUTEX_WAKE || cmd == FUTEX_WAKE_BITSET) {
    uint32_t bitset = cmd == FUTEX_WAKE ? FUTEX_BITSET_MATCH_ANY
                                        : static_cast<uint32_t>(a[5]);
    if (bitset == 0) return Fail(EINVAL);
    if (s != nullptr) Point(s, Op::kFutexWake, word);
    int want = static_cast<int>(a[2]);
    int woken = Release(
        Wait::kFutex, word, /*choose=*/true,
        want < 0 ? 0 : (want > kMaxThreads ? kMaxThreads : want), bitset);
    // Waiters outside the scheduler sleep in the kernel.
    long rest = real.syscall(nr, a[0], a[1], want - woken, a[3], a[4], a[5]);
    return woken + (rest > 0 ? rest : 0);
  }
  return real.syscall(nr, a[0], a[1], a[2], a[3], a[4], a[5]);
}
