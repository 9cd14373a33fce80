// Question: what does it cost a thread to find its own value: thread_local,
//   a global map keyed by thread id under a mutex, pthread_getspecific, or
//   passing the value down the call chain (and is each thread's value its own)?
// Model: the seeds' Student bound per thread; process_student -> do_task ->
//   do_subtask (real calls) looks it up and records a lesson; 1 ... PUs
//   threads.
// Expect: thread_local and pthread_key cost about what passing down costs and
//   scale with threads; the locked map costs more and serialises; a plain
//   global mixes the threads' students up.
#include <algorithm>
#include <map>
#include <memory>
#include <vector>

#include "harness/bench_names.h"
#include "harness/scenario.h"
#include "scenarios/tls/figures.h"
#include "workloads/shared_state/student_storage.h"

namespace mt::scenarios {
namespace {
using namespace mt::harness;
using namespace mt::workloads;
using namespace mt::scenarios::tls;

// One padded student per benchmark thread, alive for the whole run, so a
// thread that finds another's student (shared_global) never touches freed
// memory.
std::vector<std::unique_ptr<Student>> g_students;

// One iteration is one process_student() call. All threads bind before the
// start barrier; after the stop barrier each checks that every lesson it
// gave went to its own student and that the store still finds it.
void Access(benchmark::State& state, StudentStore store) {
  Student& me = *g_students[static_cast<size_t>(state.thread_index())];
  me.lessons.store(0);
  BindStudent(store, &me);
  const StudentTask process_student = ProcessStudentVia(store);
  Student* passed = store == StudentStore::kPassedDown ? &me : nullptr;
  for (auto _ : state) benchmark::DoNotOptimize(process_student(passed));
  const bool own =
      me.lessons.load() == state.iterations() && process_student(passed) == &me;
  state.counters["isolation_errors"] = own ? 0 : 1;  // summed over threads
  state.SetItemsProcessed(state.iterations());
  BindStudent(store, nullptr);
}

// Threads 1 ... PUs: more would measure the scheduler, not the lookup. At
// least 2, so that isolation is always put to the test.
void Register(const ScenarioContext& ctx) {
  std::vector<int> sweep = ctx.ThreadSweep();
  std::erase_if(sweep, [&](int n) { return n > std::max(2, ctx.Pus()); });
  while (g_students.size() < size_t(sweep.back())) {
    g_students.push_back(std::make_unique<Student>("student"));
  }
  for (StudentStore store : kAllStudentStores) {
    for (PinPolicy pin : ctx.pins) {
      auto* b =
          AddPinned(Name({"tls/access", StudentStoreName(store),
                          Axis("pin", PinPolicyName(pin))}),
                    pin, [store](benchmark::State& s) { Access(s, store); });
      for (int n : sweep) b->Threads(n);
    }
  }
}

Outcome Isolation(const Results& r, bool want_isolated) {
  std::string numbers;
  bool holds = true;
  for (StudentStore store : kAllStudentStores) {
    if (IsolatesThreads(store) != want_isolated) continue;
    for (const Measurement* m : r.Matching(Base(StudentStoreName(store)))) {
      // Isolated stores: none in any repetition; shared ones: in most.
      const double errors = want_isolated ? m->CounterMax("isolation_errors")
                                          : m->Counter("isolation_errors");
      if (!want_isolated && m->threads < 2) continue;
      holds &= want_isolated ? errors == 0 : errors > 0;
      numbers += std::string(StudentStoreName(store)) + " x" +
                 std::to_string(m->threads) + ": " + Fmt(errors) + "; ";
    }
  }
  if (numbers.empty()) return NotMeasurable("no run on enough threads");
  return Judge(holds, "threads that lost their own student: " + numbers);
}

Outcome CheaperThan(const Results& r, std::string_view store,
                    std::string_view other, double factor) {
  std::string numbers;
  bool holds = true;
  for (int n : {1, MaxThreads(r)}) {
    const double a = NsPerAccess(r, store, n), b = NsPerAccess(r, other, n);
    holds &= a < factor * b;
    numbers += std::to_string(n) + " thread(s): " + std::string(store) + " " +
               Fmt(a) + " ns, " + std::string(other) + " " + Fmt(b) + " ns; ";
  }
  return Judge(holds, numbers);
}

Outcome LockSerialises(const Results& r) {
  const int n = MaxThreads(r);
  auto speedup = [&](std::string_view store) {
    return r.First(Base(store) + std::to_string(n) + "$")
               .Counter("items_per_second") /
           r.First(Base(store) + "1$").Counter("items_per_second");
  };
  const double map = speedup("global_map"), local = speedup("thread_local");
  return Judge(map < 1.2, "accesses/s on " + std::to_string(n) +
                              " threads over 1: global_map " + Fmt(map) +
                              "x, thread_local " + Fmt(local) + "x (control)");
}

}  // namespace

MT_SCENARIO(tls) {
  return {
      .name = "tls",
      .question = "what does thread-local storage cost, and is it isolated?",
      .register_benchmarks = Register,
      .claims = {{"A ThreadLocal variable is global, yet each thread reads "
                  "and writes only its own copy.",
                  "isolation_errors == 0 for thread_local, pthread_key, "
                  "global_map, passed_down on every thread count",
                  false, [](const Results& r) { return Isolation(r, true); }},
                 {"A global variable will not do: each thread handles a "
                  "different Student, which cannot be shared.",
                  "isolation_errors > 0 for shared_global on 2+ threads", false,
                  [](const Results& r) { return Isolation(r, false); }},
                 {"ThreadLocal does the dict lookup for you, with no lock to "
                  "manage.",
                  "CPU ns/access: thread_local < global_map, on 1 and on the "
                  "most threads",
                  false,
                  [](const Results& r) {
                    return CheaperThan(r, "thread_local", "global_map", 1.0);
                  }},
                 {"ThreadLocal solves passing a value from function to "
                  "function within a thread.",
                  "CPU ns/access: thread_local < 2 x passed_down, on 1 and on "
                  "the most threads",
                  false,
                  [](const Results& r) {
                    return CheaperThan(r, "thread_local", "passed_down", 2.0);
                  }},
                 {"A global variable shared by threads must be locked.",
                  "accesses/s(global_map, PUs) / accesses/s(global_map, 1) < "
                  "1.2",
                  true, LockSerialises}},
      .analyses = {{"lookup cost", tls::LookupCost}},
      .hunt_filter = ""};
}

}  // namespace mt::scenarios
