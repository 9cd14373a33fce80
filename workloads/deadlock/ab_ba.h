// The seeds' deadlock: thread 1 takes mutexA, pauses, then takes mutexB;
// thread 2 takes mutexB, pauses, then takes mutexA. Run together with the
// pause in place, each holds what the other wants and both hang forever.
#pragma once

#include <thread>

#include "workloads/base/worker_hook.h"

namespace mt::workloads {

enum class AbBaOrder {
  kOpposite,    // the seeds: A then B, and B then A
  kConsistent,  // the fix: both threads A then B
};
enum class AbBaSchedule {
  kTogether,          // both threads at once: may hang (will, with a pause)
  kOneAfterTheOther,  // thread 2 starts when thread 1 is done: never blocks
};

inline const char* AbBaOrderName(AbBaOrder o) {
  return o == AbBaOrder::kOpposite ? "opposite" : "consistent";
}
inline const char* AbBaScheduleName(AbBaSchedule s) {
  return s == AbBaSchedule::kTogether ? "together" : "one_after_other";
}

// Runs the two threads and joins them. Thread t (1 or 2) calls
// on_start(t - 1, 2) first; `pause(t)` runs in it between its first and its
// second lock (the seeds sleep 1 s there; a test puts a barrier). Returns
// only if nobody deadlocked.
// Thread safety: the caller must not hold either mutex; `pause` runs on both
// threads at once (with kTogether) and must be safe for that.
template <typename Mutex, typename Pause>
void RunAbBa(Mutex& mutex_a, Mutex& mutex_b, AbBaOrder order,
             AbBaSchedule schedule, Pause pause,
             const OnWorkerStart& on_start = {}) {
  auto body = [&](int t) {
    CallWorkerHook(on_start, t - 1, 2);
    const bool a_first = t == 1 || order == AbBaOrder::kConsistent;
    Mutex& first = a_first ? mutex_a : mutex_b;
    Mutex& second = a_first ? mutex_b : mutex_a;
    first.lock();
    pause(t);
    second.lock();
    second.unlock();
    first.unlock();
  };
  std::thread one(body, 1);
  if (schedule == AbBaSchedule::kOneAfterTheOther) one.join();
  std::thread two(body, 2);
  if (schedule == AbBaSchedule::kTogether) one.join();
  two.join();
}

}  // namespace mt::workloads
