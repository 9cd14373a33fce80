// Two-thread handoff loops for the GIL emulator and its bare baselines.
#include "workloads/gil/gil_handoff.h"

#include <linux/futex.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <atomic>
#include <condition_variable>
#include <latch>
#include <mutex>
#include <thread>

namespace mt::workloads {
namespace {

// Runs body(0) and body(1) on two new threads released together.
template <typename Body>
void OnTwoThreads(const OnWorkerStart& on_start, Body body) {
  std::latch go(2);
  auto run = [&](int t) {
    CallWorkerHook(on_start, t, 2);
    go.arrive_and_wait();
    body(t);
  };
  std::thread first(run, 0), second(run, 1);
  first.join();
  second.join();
}

// The turn word is a std::atomic<std::uint32_t>, which has the size and
// representation of the uint32_t the futex call reads.
static_assert(sizeof(std::atomic<std::uint32_t>) == sizeof(std::uint32_t));

long Futex(std::atomic<std::uint32_t>* word, int op, std::uint32_t value) {
  return syscall(SYS_futex, reinterpret_cast<std::uint32_t*>(word), op, value,
                 nullptr, nullptr, 0);
}

}  // namespace

std::uint64_t GilPingPong(Gil& gil, std::uint64_t handoffs,
                          const OnWorkerStart& on_start) {
  const std::uint64_t start = gil.Stats().switches;
  // Each thread reads the count while holding the lock; the other thread
  // leaves only after seeing it complete, so a ForceSwitch always has a
  // taker.
  OnTwoThreads(on_start, [&](int t) {
    gil.Take(t);
    while (gil.Stats().switches - start < handoffs) gil.ForceSwitch(t);
    gil.Drop(t);
  });
  return gil.Stats().switches - start;
}

std::uint64_t CondvarPingPong(std::uint64_t handoffs,
                              const OnWorkerStart& on_start) {
  std::mutex mutex;
  std::condition_variable cond;
  int turn = 0;            // guarded by mutex
  std::uint64_t done = 0;  // guarded by mutex
  OnTwoThreads(on_start, [&](int t) {
    for (bool more = true; more;) {
      {
        std::unique_lock<std::mutex> lock(mutex);
        while (turn != t && done < handoffs) cond.wait(lock);
        more = done < handoffs;
        if (more) ++done;
        turn = 1 - t;
      }
      cond.notify_one();
    }
  });
  return done;
}

std::uint64_t FutexPingPong(std::uint64_t handoffs,
                            const OnWorkerStart& on_start) {
  std::atomic<std::uint32_t> turn{0};
  // Touched only by the thread whose turn it is; the turn word's release
  // store and acquire load order it between the threads.
  std::uint64_t done = 0;
  OnTwoThreads(on_start, [&](int t) {
    const auto mine = static_cast<std::uint32_t>(t), theirs = 1 - mine;
    for (bool more = true; more;) {
      while (turn.load(std::memory_order_acquire) != mine) {
        Futex(&turn, FUTEX_WAIT_PRIVATE, theirs);  // sleeps while theirs
      }
      more = done < handoffs;
      if (more) ++done;
      turn.store(theirs, std::memory_order_release);
      Futex(&turn, FUTEX_WAKE_PRIVATE, 1);
    }
  });
  return done;
}

}  // namespace mt::workloads
