// Thread creation, start and exit under the scheduler (joins: wrap_join.cc).
#include <errno.h>
#include <pthread.h>

#include "preload/sched/claim.h"
#include "preload/sched/core.h"
#include "preload/sched/monitor.h"
#include "preload/sched/preempt.h"
#include "preload/sched/real.h"
#include "preload/sched/sys.h"

namespace mt::sched {
namespace {

// LLVM 14's argument to __tsan_thread_start_func begins with the user's
// start routine and argument; the function reads both before its start
// handshake with the parent (ThreadStart), then calls callback(param).
struct TsanThreadParam {
  void* (*callback)(void*);
  void* param;
};

// A controlled thread's first code: after TSan's handshake (when TSan
// started it), before the program's own. It waits for its first turn.
void* ChildMain(void* arg) {
  Slot* s = static_cast<Slot*>(arg);
  {
    InSched in;
    Guard lock(g.lock);
    s->tid = GetTid();
  }
  s->stack_hi = reinterpret_cast<uintptr_t>(__builtin_frame_address(0));
  t_self = s;
  PreemptThreadStart(s);
  WaitTurn(s);
  void* ret = s->start(s->arg);
  Point(s, Op::kExit, nullptr, reinterpret_cast<uintptr_t>(s->start));
  PreemptThreadEnd(s);
  Finish(s);
  return ret;
}

// Whether TSan's pthread_create interceptor called us for a program thread
// (start is TSan's thread start function). From .symtab when the executable
// has one; else (stripped) from our return address, which then lies in the
// exported interceptor (README.md, "TSan's thread start").
bool FromTsanInterceptor(void* (*start)(void*), uintptr_t return_address) {
  auto s = reinterpret_cast<uintptr_t>(start);
  if (g.tsan_start != 0) return s == g.tsan_start;
  static uintptr_t interceptor =
      reinterpret_cast<uintptr_t>(dlsym(RTLD_DEFAULT, "pthread_create"));
  if (interceptor != 0 && return_address - interceptor < 4096) {
    g.tsan_start = s;
    g.tsan_start_source = "caller";
    return true;
  }
  return false;
}

}  // namespace
}  // namespace mt::sched

using namespace mt::sched;

extern "C" {

__attribute__((visibility("default"))) int pthread_create(
    pthread_t* th, const pthread_attr_t* attr, void* (*start)(void*),
    void* arg) {
  const RealFunctions& real = Real();
  auto ra = reinterpret_cast<uintptr_t>(__builtin_return_address(0));
  if (!g.active.load(std::memory_order_relaxed)) {
    return real.pthread_create(th, attr, start, arg);
  }
  bool tsan_child = g.tsan && FromTsanInterceptor(start, ra);
  // In a TSan program anything else is TSan's own helper thread.
  if (g.tsan && !tsan_child) return real.pthread_create(th, attr, start, arg);
  if (!Claim()) return real.pthread_create(th, attr, start, arg);
  Slot* self = Self();
  // The point comes before the thread exists: inside TSan's interceptor the
  // parent must return at once (it waits for the child's start handshake).
  if (self != nullptr) Point(self, Op::kCreate, nullptr);
  EnsureMonitor();
  Slot* child;
  {
    InSched in;
    Guard lock(g.lock);
    child = AllocSlot();
    if (child == nullptr) ++g.uncontrolled;
  }
  if (child == nullptr) return real.pthread_create(th, attr, start, arg);
  int rc;
  auto* param = static_cast<TsanThreadParam*>(arg);
  if (tsan_child) {
    child->start = param->callback;
    child->arg = param->param;
    child->pc = reinterpret_cast<uintptr_t>(param->callback);
    param->callback = ChildMain;
    param->param = child;
    rc = real.pthread_create(th, attr, start, arg);
  } else {
    child->start = start;
    child->arg = arg;
    child->pc = reinterpret_cast<uintptr_t>(start);
    rc = real.pthread_create(th, attr, ChildMain, child);
  }
  InSched in;
  Guard lock(g.lock);
  if (rc != 0) {
    if (tsan_child) {
      param->callback = child->start;
      param->param = child->arg;
    }
    FreeSlot(*child);
    return rc;
  }
  child->pthread = static_cast<uint64_t>(*th);
  if (tsan_child && self != nullptr) self->brief_wait.store(true);
  // A parent outside control (or none) leaves nobody to decide: decide now.
  if (g.turn.load(std::memory_order_relaxed) == kNoThread)
    Dispatch(kNoThread, kNoThread);
  return rc;
}

__attribute__((visibility("default"), noreturn)) void pthread_exit(void* ret) {
  if (Slot* s = Self()) {
    Point(s, Op::kExit, nullptr);
    PreemptThreadEnd(s);
    Finish(s);
  }
  Real().pthread_exit(ret);
  __builtin_unreachable();
}

}  // extern "C"
