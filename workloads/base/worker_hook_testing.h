// For tests: an OnWorkerStart that logs every call (worker, workers, process,
// thread) in memory shared with forked children, so a test sees the hook run
// on a new thread or in a child process as well as on its own.
#pragma once

#include <sys/mman.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <new>
#include <vector>

#include "workloads/base/worker_hook.h"

namespace mt::workloads {

class HookLog {
 public:
  struct Call {
    int worker = -1, workers = -1;
    pid_t pid = -1, tid = -1;  // where the hook ran
  };

  HookLog() {
    void* p = mmap(nullptr, Bytes(), PROT_READ | PROT_WRITE,
                   MAP_SHARED | MAP_ANONYMOUS, -1, 0);
    if (p == MAP_FAILED) throw std::bad_alloc();
    shared_ = new (p) Shared;
  }
  ~HookLog() { munmap(shared_, Bytes()); }
  HookLog(const HookLog&) = delete;
  HookLog& operator=(const HookLog&) = delete;

  // System calls and atomics only: safe in a child of a threaded process.
  OnWorkerStart Hook() {
    return [this](int worker, int workers) {
      const int i = shared_->used.fetch_add(1, std::memory_order_relaxed);
      if (i >= kMax) return;  // Calls() shows the overflow as missing
      shared_->calls[i] = {worker, workers, getpid(),
                           static_cast<pid_t>(syscall(SYS_gettid))};
      shared_->done[i].store(1, std::memory_order_release);
    };
  }

  // Every completed call, sorted by worker.
  std::vector<Call> Calls() const {
    std::vector<Call> out;
    const int n = std::min(kMax, shared_->used.load());
    for (int i = 0; i < n; ++i) {
      if (shared_->done[i].load(std::memory_order_acquire))
        out.push_back(shared_->calls[i]);
    }
    std::sort(out.begin(), out.end(),
              [](const Call& a, const Call& b) { return a.worker < b.worker; });
    return out;
  }
  // The workers whose hook ran, sorted (repeats kept).
  std::vector<int> Workers() const {
    std::vector<int> out;
    for (const Call& c : Calls()) out.push_back(c.worker);
    return out;
  }

 private:
  static constexpr int kMax = 4096;  // calls kept; the rest are dropped
  struct Shared {
    std::atomic<int> used{0};
    std::atomic<int> done[kMax] = {};
    Call calls[kMax];
  };
  static std::size_t Bytes() { return sizeof(Shared); }
  Shared* shared_;
};

}  // namespace mt::workloads
