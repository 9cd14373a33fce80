// Thread creation, start, exit, join and detach under the scheduler.
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

Slot* FindThread(pthread_t th) {
  for (int i = 0; i < g.slots_used; ++i) {
    State st = g_slots[i].state.load(std::memory_order_relaxed);
    if (st != State::kFree && g_slots[i].pthread == static_cast<uint64_t>(th)) {
      return &g_slots[i];
    }
  }
  return nullptr;
}

Slot* FindThreadLocked(pthread_t th) {
  InSched in;
  Guard lock(g.lock);
  return FindThread(th);
}

void Forget(Slot* t) {
  InSched in;
  Guard lock(g.lock);
  FreeSlot(*t);
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
  if (tsan_child && self != nullptr) self->creating.store(true);
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

__attribute__((visibility("default"))) int pthread_join(pthread_t th,
                                                        void** ret) {
  Slot* s = Self();
  if (s == nullptr) return Real().pthread_join(th, ret);
  Slot* t = FindThreadLocked(th);
  Point(s, Op::kJoin, reinterpret_cast<void*>(th));
  if (t == nullptr || t == s) {
    // Not a thread we control: a real wait, outside control.
    if (t == nullptr) Leave(s);
    return Real().pthread_join(th, ret);
  }
  while (t->state.load(std::memory_order_acquire) != State::kFinished) {
    Block(s, Wait::kJoin, reinterpret_cast<void*>(th));
  }
  // Its start routine returned; the rest of its exit (TLS destructors, TSan's
  // bookkeeping) is short and runs outside control.
  int rc = Real().pthread_join(th, ret);
  if (rc == 0) Forget(t);
  return rc;
}

__attribute__((visibility("default"))) int pthread_tryjoin_np(pthread_t th,
                                                              void** ret) {
  Slot* s = Self();
  if (s == nullptr) return Real().pthread_tryjoin_np(th, ret);
  Slot* t = FindThreadLocked(th);
  Point(s, Op::kJoin, reinterpret_cast<void*>(th));
  if (t == nullptr) return Real().pthread_tryjoin_np(th, ret);
  if (t->state.load(std::memory_order_acquire) != State::kFinished)
    return EBUSY;
  int rc = Real().pthread_join(th, ret);
  if (rc == 0) Forget(t);
  return rc;
}

__attribute__((visibility("default"))) int pthread_timedjoin_np(
    pthread_t th, void** ret, const timespec* abstime) {
  Slot* s = Self();
  if (s == nullptr || abstime == nullptr)
    return Real().pthread_timedjoin_np(th, ret, abstime);
  Slot* t = FindThreadLocked(th);
  Point(s, Op::kJoin, reinterpret_cast<void*>(th));
  if (t == nullptr) {
    Leave(s);
    return Real().pthread_timedjoin_np(th, ret, abstime);
  }
  while (t->state.load(std::memory_order_acquire) != State::kFinished) {
    Block(s, Wait::kJoin, reinterpret_cast<void*>(th),
          Deadline{ToNs(*abstime), CLOCK_REALTIME});
    if (s->timed_out && t->state.load() != State::kFinished) return ETIMEDOUT;
  }
  int rc = Real().pthread_join(th, ret);
  if (rc == 0) Forget(t);
  return rc;
}

__attribute__((visibility("default"))) int pthread_detach(pthread_t th) {
  Slot* s = Self();
  if (g.active.load(std::memory_order_relaxed)) {
    Slot* t = FindThreadLocked(th);
    if (s != nullptr) Point(s, Op::kDetach, reinterpret_cast<void*>(th));
    InSched in;
    Guard lock(g.lock);
    if (t != nullptr && FindThread(th) == t) {
      t->detached = true;
      if (t->state.load() == State::kFinished) FreeSlot(*t);
    }
  }
  return Real().pthread_detach(th);
}

}  // extern "C"
