// The five ways to find the calling thread's Student, each behind the same
// two-level call chain so they differ only in the lookup.
#include "workloads/shared_state/student_storage.h"

#include <pthread.h>

#include <cstdlib>
#include <thread>
#include <unordered_map>

#include "workloads/base/mutex.h"
#include "workloads/base/thread_annotations.h"

namespace mt::workloads {
namespace {

thread_local Student* t_student = nullptr;

// Constant-initialised (as std::mutex): usable before any constructor runs.
constinit Mutex g_map_mutex;
std::unordered_map<std::thread::id, Student*> g_map GUARDED_BY(g_map_mutex);

// Release/acquire: a thread that finds a student sees it constructed.
std::atomic<Student*> g_shared{nullptr};

pthread_key_t MakeKey() {
  pthread_key_t key;
  if (pthread_key_create(&key, nullptr) != 0) std::abort();  // out of keys
  return key;
}
const pthread_key_t g_key = MakeKey();

struct ViaThreadLocal {
  static Student* Find(Student*) { return t_student; }
};
struct ViaGlobalMap {
  static Student* Find(Student*) {
    LockGuard hold(g_map_mutex);
    auto it = g_map.find(std::this_thread::get_id());
    return it == g_map.end() ? nullptr : it->second;
  }
};
struct ViaPthreadKey {
  static Student* Find(Student*) {
    return static_cast<Student*>(pthread_getspecific(g_key));
  }
};
struct ViaArgument {
  static Student* Find(Student* passed) { return passed; }
};
struct ViaSharedGlobal {
  static Student* Find(Student*) {
    return g_shared.load(std::memory_order_acquire);
  }
};

template <typename Via>
[[gnu::noinline]] Student* DoSubtask(Student* passed) {
  Student* student = Via::Find(passed);
  if (student != nullptr) {
    // Relaxed load and store, not fetch_add: one writer per student when
    // the store isolates threads, so no locked instruction is needed.
    student->lessons.store(student->lessons.load(std::memory_order_relaxed) + 1,
                           std::memory_order_relaxed);
  }
  return student;
}

template <typename Via>
[[gnu::noinline]] Student* DoTask(Student* passed) {
  Student* student = DoSubtask<Via>(passed);
  // Keeps the call a call: without it the compiler turns it into a jump
  // (tail call) and the chain loses a level.
  asm volatile("");
  return student;
}

}  // namespace

std::string_view StudentStoreName(StudentStore store) {
  switch (store) {
    case StudentStore::kThreadLocal:
      return "thread_local";
    case StudentStore::kGlobalMap:
      return "global_map";
    case StudentStore::kPthreadKey:
      return "pthread_key";
    case StudentStore::kPassedDown:
      return "passed_down";
    case StudentStore::kSharedGlobal:
      return "shared_global";
  }
  return "unknown";
}

void BindStudent(StudentStore store, Student* student) {
  switch (store) {
    case StudentStore::kThreadLocal:
      t_student = student;
      break;
    case StudentStore::kGlobalMap: {
      LockGuard hold(g_map_mutex);
      if (student != nullptr) {
        g_map[std::this_thread::get_id()] = student;
      } else {
        g_map.erase(std::this_thread::get_id());
      }
      break;
    }
    case StudentStore::kPthreadKey:
      pthread_setspecific(g_key, student);
      break;
    case StudentStore::kPassedDown:
      break;
    case StudentStore::kSharedGlobal:
      g_shared.store(student, std::memory_order_release);
      break;
  }
}

StudentTask ProcessStudentVia(StudentStore store) {
  switch (store) {
    case StudentStore::kThreadLocal:
      return &DoTask<ViaThreadLocal>;
    case StudentStore::kGlobalMap:
      return &DoTask<ViaGlobalMap>;
    case StudentStore::kPthreadKey:
      return &DoTask<ViaPthreadKey>;
    case StudentStore::kPassedDown:
      return &DoTask<ViaArgument>;
    case StudentStore::kSharedGlobal:
      return &DoTask<ViaSharedGlobal>;
  }
  return nullptr;
}

}  // namespace mt::workloads
