// The scheduler's state: a fixed table of thread slots and the turn. All of
// it is guarded by g.lock except where a field says otherwise; nothing is
// ever allocated (TSan intercepts malloc, and a preemption signal may run our
// code at any point).
#pragma once

#include <atomic>
#include <cstdint>

#include "preload/sched/config.h"
#include "preload/sched/lock.h"

namespace mt::sched {

// Threads a program may have alive at once under control; beyond that a new
// thread runs uncontrolled (README.md, "What is not controlled").
inline constexpr int kMaxThreads = 1024;
inline constexpr int kNoThread = -1;
inline constexpr int kMaxFrames = 32;

enum class State : uint8_t {
  kFree,      // slot unused
  kEnabled,   // may run: holds the turn or waits for it
  kBlocked,   // waits for `wait` on `object` (and/or a deadline)
  kOutside,   // runs outside control (lost the turn, or in a real blocking
              // call); rejoins at its next scheduling point
  kFinished,  // start routine returned; slot kept until joined
};

enum class Wait : uint8_t {
  kNone,
  kMutex,
  kRwlock,
  kSpin,
  kSem,
  kCond,
  kJoin,
  kFutex,
  kBarrier,
  kSleep,
};

// Operations, each a scheduling point; the names appear in the schedule.
// clang-format off
#define MT_SCHED_OPS(X) \
  X(kStart, "start")                    \
  X(kExit, "exit")                      \
  X(kCreate, "create")                  \
  X(kJoin, "join")                      \
  X(kDetach, "detach")                  \
  X(kLock, "lock")                      \
  X(kTrylock, "trylock")                \
  X(kTimedlock, "timedlock")            \
  X(kUnlock, "unlock")                  \
  X(kRdlock, "rdlock")                  \
  X(kWrlock, "wrlock")                  \
  X(kTryrdlock, "tryrdlock")            \
  X(kTrywrlock, "trywrlock")            \
  X(kRwUnlock, "rwunlock")              \
  X(kCondWait, "cond_wait")             \
  X(kCondTimedwait, "cond_timedwait")   \
  X(kCondSignal, "cond_signal")         \
  X(kCondBroadcast, "cond_broadcast")   \
  X(kCondInit, "cond_init")             \
  X(kCondDestroy, "cond_destroy")       \
  X(kSemWait, "sem_wait")               \
  X(kSemTrywait, "sem_trywait")         \
  X(kSemTimedwait, "sem_timedwait")     \
  X(kSemPost, "sem_post")               \
  X(kBarrierWait, "barrier_wait")       \
  X(kSpinLock, "spin_lock")             \
  X(kSpinTrylock, "spin_trylock")       \
  X(kSpinUnlock, "spin_unlock")         \
  X(kYield, "yield")                    \
  X(kSleep, "sleep")                    \
  X(kFutexWait, "futex_wait")           \
  X(kFutexWake, "futex_wake")           \
  X(kPreempt, "preempt")
// clang-format on

enum class Op : uint8_t {
#define MT_SCHED_ENUM(e, name) e,
  MT_SCHED_OPS(MT_SCHED_ENUM)
#undef MT_SCHED_ENUM
      kCount
};
const char* OpName(Op op);

// An absolute time on a clock; ns < 0: none.
struct Deadline {
  int64_t ns = -1;
  clockid_t clock = CLOCK_MONOTONIC;
  bool set() const { return ns >= 0; }
};

struct alignas(64) Slot {
  std::atomic<uint32_t> wake{0};           // futex word the thread parks on
  std::atomic<State> state{State::kFree};  // written under g.lock
  Wait wait = Wait::kNone;
  Op op = Op::kStart;      // the pending (or last) operation
  bool signalled = false;  // a cond/futex wait ended by a wake, not time
  bool timed_out = false;  // a timed wait's deadline passed
  bool detached = false;
  bool controlled_start = false;  // created through our pthread_create
  int index = 0;                  // position in the table
  int number = 0;                 // thread number, in creation order (main: 0)
  int tid = 0;                    // kernel thread id
  uintptr_t object = 0;           // object of the pending op / blocking object
  uintptr_t pc = 0;               // call site of the pending op
  uint32_t bitset = 0;            // futex wait bitset
  uint32_t generation = 0;        // barrier round waited for
  Deadline deadline;
  uint64_t pthread = 0;  // pthread_t, for join and detach
  void* (*start)(void*) = nullptr;
  void* arg = nullptr;
  uintptr_t stack_hi = 0;  // frames above this are not ours to read
  // Set before a real wait that another thread ends without a turn, until
  // the next point: TSan's pthread_create waiting for the child's start
  // handshake, a join waiting for the rest of the target's exit. The slice
  // does not count such a wait (a busy machine may delay the other thread
  // for milliseconds) unless it lasts a second.
  std::atomic<bool> brief_wait{false};
  // Deadlock and hang reports: the thread's stack, captured by itself.
  std::atomic<int> capture{0};  // 0 idle, 1 requested, 2 done
  int frames = 0;
  uintptr_t frame[kMaxFrames] = {};
};

enum class Verdict : uint8_t { kNone, kDeadlock, kHang };

struct Global {
  Lock lock;
  std::atomic<bool> active{false};   // a strategy runs and this is its process
  std::atomic<int> turn{kNoThread};  // slot holding the turn
  std::atomic<int> reporting{0};     // a report is being written: stop
  Config cfg;
  uint64_t step = 0;   // decisions made
  int slots_used = 0;  // highest slot index in use + 1
  int next_number = 0;
  int outside = 0;           // threads in State::kOutside
  int deadline_waiters = 0;  // blocked threads with a deadline
  int uncontrolled = 0;      // threads created but not controlled
  // Threads whose start routine returned but which may still run (TLS and
  // key destructors, TSan's and libc's exit) until the kernel reaps them:
  // their kernel tids. While any is left, no deadlock is declared.
  int exiting_tid[kMaxThreads] = {};
  int exiting = 0;
  // Counters for the summary.
  uint64_t threads = 0, preemptions = 0, slices = 0;
  uint64_t switches = 0;   // decisions that moved the turn to another thread
  int64_t verdict_ns = 0;  // monotonic time of a deadlock/hang verdict
  uint64_t ops[static_cast<int>(Op::kCount)] = {};
  Verdict verdict = Verdict::kNone;
  std::atomic<int> reporter{kNoThread};  // slot asked to write the report
  uint64_t report_step = 0;
  bool tsan = false;                       // the program is a TSan executable
  uintptr_t tsan_start = 0;                // its __tsan_thread_start_func
  const char* tsan_start_source = "none";  // "symtab", "caller" or "none"
};

extern Global g;
extern Slot g_slots[kMaxThreads];

// Sentinel values of t_self besides a slot: a thread we do not control.
inline Slot* const kUncontrolled = reinterpret_cast<Slot*>(1);
extern thread_local Slot* t_self;
// Set while this thread runs scheduler code (the preemption signal handler
// must not re-enter it).
extern thread_local int t_in_sched;

}  // namespace mt::sched
