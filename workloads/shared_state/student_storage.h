// The seeds' ThreadLocal lesson: each thread binds its own Student and
// functions deep in its call chain find it, five ways: thread_local, a
// global map keyed by thread id under a mutex, pthread_getspecific, passing
// it down the chain, and one global for all threads (the seeds' mistake).
#pragma once

#include <atomic>
#include <cstdint>
#include <string_view>

#include "workloads/base/cache_line.h"

namespace mt::workloads {

enum class StudentStore {
  kThreadLocal,   // C++ thread_local: threading.local()
  kGlobalMap,     // global_dict[threading.current_thread()] under a lock
  kPthreadKey,    // pthread_setspecific / pthread_getspecific
  kPassedDown,    // process_student(std) -> do_task_1(std) -> ...
  kSharedGlobal,  // one global: "each thread has its own Student: cannot share"
};
inline constexpr StudentStore kAllStudentStores[] = {
    StudentStore::kThreadLocal, StudentStore::kGlobalMap,
    StudentStore::kPthreadKey, StudentStore::kPassedDown,
    StudentStore::kSharedGlobal};
// "thread_local", "global_map", "pthread_key", "passed_down", "shared_global"
std::string_view StudentStoreName(StudentStore store);
// Whether the store gives each thread its own student (all but shared_global).
constexpr bool IsolatesThreads(StudentStore store) {
  return store != StudentStore::kSharedGlobal;
}

// Padded so that two threads' students never share a cache line.
struct alignas(kCacheLine) Student {
  explicit Student(std::string_view student_name) : name(student_name) {}
  std::string_view name;
  // Lessons taken: one per ProcessStudent that found this student. Relaxed
  // atomic so that a store shared by mistake gives a wrong count rather than
  // a data race.
  std::atomic<std::int64_t> lessons{0};
};

// Binds `student` (nullptr: unbinds) as the calling thread's in `store`; a
// no-op for kPassedDown.
// Thread safety: any thread; binds for the caller only, except
// kSharedGlobal, which binds for every thread.
void BindStudent(StudentStore store, Student* student);

// The seeds' process_student(): do_task -> do_subtask, where the student is
// found in the store (kPassedDown: `passed`, handed down every level), one
// lesson is recorded and the student returned (nullptr when none is bound).
// Every level is a real call (noinline, reached through this pointer), so a
// caller's loop performs the lookup on every call: it cannot be hoisted.
using StudentTask = Student* (*)(Student* passed);
StudentTask ProcessStudentVia(StudentStore store);

}  // namespace mt::workloads
