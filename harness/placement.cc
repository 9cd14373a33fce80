// Placement: plan, pin on start, report through shared memory (so forked
// workers are recorded too), record.
#include "harness/placement.h"

#include <sys/mman.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <atomic>
#include <cstdlib>
#include <new>
#include <set>
#include <stdexcept>

#include "harness/process_cpu.h"
#include "workloads/base/cache_line.h"

namespace mt::harness {
namespace {

// Writes `text` to stderr and aborts: a hook given a worker outside its
// plan is a bug in the scenario, and the hook may run in a forked child
// where only system calls are safe.
[[noreturn]] void Die(const char* text) {
  (void)!write(STDERR_FILENO, text, __builtin_strlen(text));
  std::abort();
}

}  // namespace

// One worker's report. Written by the worker (perhaps in a child process,
// perhaps by two threads in turn, as std::async's), read by Record in the
// owner. Atomics, lock-free so that they work across processes; `reported`
// is stored with release after the others and loaded with acquire before
// them. `role` points at a string literal, at the same address in a forked
// child as here.
struct alignas(workloads::kCacheLine) Placement::Slot {
  std::atomic<int> reported{0};
  std::atomic<int> pinned{0}, verified{0}, cpu{-1};
  std::atomic<WorkerKind> kind{WorkerKind::kThread};
  std::atomic<pid_t> pid{-1};  // PinProcess: where it last ran is read later
  std::atomic<const char*> role{"worker"};
};
static_assert(std::atomic<int>::is_always_lock_free &&
              std::atomic<const char*>::is_always_lock_free);

Placement::Placement(std::string benchmark, PinPolicy policy, int workers)
    : Placement(std::move(benchmark), policy, [&] {
        Plan plan;
        for (int w = 0; w < workers; ++w)
          plan.push_back(PlannedPus(policy, w, workers));
        return plan;
      }()) {}

Placement::Placement(std::string benchmark, PinPolicy policy, Plan plan)
    : benchmark_(std::move(benchmark)),
      policy_(policy),
      plan_(std::move(plan)),
      owner_(getpid()) {
  const std::size_t bytes =
      sizeof(Slot) * std::max<std::size_t>(1, plan_.size());
  void* shared = mmap(nullptr, bytes, PROT_READ | PROT_WRITE,
                      MAP_SHARED | MAP_ANONYMOUS, -1, 0);
  if (shared == MAP_FAILED) throw std::bad_alloc();
  slots_ = static_cast<Slot*>(shared);
  for (std::size_t i = 0; i < plan_.size(); ++i) new (&slots_[i]) Slot;
}

Placement::~Placement() {
  Record();
  munmap(slots_, sizeof(Slot) * std::max<std::size_t>(1, plan_.size()));
}

std::vector<int> Placement::PusOf(PinPolicy policy, int first, int count,
                                  int workers) {
  std::set<int> pus;
  for (int w = first; w < first + count; ++w) {
    for (int pu : PlannedPus(policy, w, workers)) pus.insert(pu);
  }
  return {pus.begin(), pus.end()};
}

void Placement::Report(int worker, const Bound& bound, WorkerKind kind,
                       const char* role, pid_t pid) const {
  Slot& s = slots_[worker];
  constexpr auto kRelaxed = std::memory_order_relaxed;
  s.pinned.store(bound.pinned, kRelaxed);
  s.verified.store(bound.verified, kRelaxed);
  s.cpu.store(bound.cpu_seen, kRelaxed);
  s.kind.store(kind, kRelaxed);
  s.pid.store(pid, kRelaxed);
  s.role.store(role, kRelaxed);
  s.reported.store(1, std::memory_order_release);
}

workloads::OnWorkerStart Placement::Hook(int first, const char* role) const {
  return [this, first, role](int worker, int /*workers*/) {
    const int w = first + worker;
    if (w < 0 || w >= workers()) {
      Die("mtbench: a placement hook got a worker outside its plan\n");
    }
    const Bound bound = BindCallingThread(plan_[static_cast<size_t>(w)]);
    // A forked child reports from its main thread, whose id is its pid.
    const pid_t self = getpid();
    const bool process =
        self != owner_ && static_cast<pid_t>(syscall(SYS_gettid)) == self;
    Report(w, bound, process ? WorkerKind::kProcess : WorkerKind::kThread, role,
           -1);
  };
}

std::unique_ptr<ScopedPin> Placement::PinCaller(int worker,
                                                const char* role) const {
  if (worker < 0 || worker >= workers()) {
    throw std::out_of_range("Placement::PinCaller: worker " +
                            std::to_string(worker) + " of " +
                            std::to_string(workers()));
  }
  auto pin = std::make_unique<ScopedPin>(plan_[static_cast<size_t>(worker)]);
  Report(worker, {!pin->pus().empty(), pin->verified(), pin->cpu_seen()},
         WorkerKind::kThread, role, -1);
  return pin;
}

void Placement::PinProcess(pid_t pid, int worker, const char* role) {
  if (worker < 0 || worker >= workers()) {
    throw std::out_of_range("Placement::PinProcess: worker " +
                            std::to_string(worker) + " of " +
                            std::to_string(workers()));
  }
  Report(worker, harness::PinProcess(pid, plan_[static_cast<size_t>(worker)]),
         WorkerKind::kProcess, role, pid);
}

void Placement::Record() {
  for (int w = 0; w < workers(); ++w) {
    Slot& s = slots_[w];
    WorkerPlacement p;
    if (s.reported.load(std::memory_order_acquire) != 0) {
      constexpr auto kRelaxed = std::memory_order_relaxed;
      if (const pid_t pid = s.pid.load(kRelaxed); pid > 0) {
        // Read once, while it lives; kept for later calls.
        s.cpu.store(LastCpuOfProcess(pid), kRelaxed);
        s.pid.store(-1, kRelaxed);
      }
      if (s.pinned.load(kRelaxed)) p.pus = plan_[static_cast<size_t>(w)];
      p.cpu_seen = s.cpu.load(kRelaxed);
      p.verified = s.verified.load(kRelaxed) != 0;
      p.kind = s.kind.load(kRelaxed);
      p.role = s.role.load(kRelaxed);
    }
    RecordPlacement(benchmark_, policy_, w, workers(), std::move(p));
  }
}

}  // namespace mt::harness
