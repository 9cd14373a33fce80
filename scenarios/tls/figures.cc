// Figures of the tls scenario's results.
#include "scenarios/tls/figures.h"

#include "workloads/shared_state/student_storage.h"

namespace mt::scenarios::tls {
using namespace mt::harness;
using namespace mt::workloads;

std::string Base(std::string_view store) {
  return "^tls/access/" + std::string(store) + "/.*/threads:";
}

// Google Benchmark sums CPU time over the threads and divides by all their
// iterations: per access, per thread.
double NsPerAccess(const Results& r, std::string_view store, int threads) {
  return r.First(Base(store) + std::to_string(threads) + "$").cpu_ns;
}

int MaxThreads(const Results& r) {
  auto all = r.Matching(Base("thread_local"));
  if (all.empty()) throw MissingMeasurement("thread_local was not measured");
  return all.back()->threads;  // the sweep is registered in ascending order
}

std::map<std::string, double> LookupCost(const Results& r) {
  std::map<std::string, double> out;
  for (int n : {1, MaxThreads(r)}) {
    const double passed = NsPerAccess(r, "passed_down", n);
    for (StudentStore store : kAllStudentStores) {
      if (store == StudentStore::kPassedDown) continue;
      const std::string name(StudentStoreName(store));
      out["lookup_ns_over_passed_down/" + name +
          "/threads:" + std::to_string(n)] = NsPerAccess(r, name, n) - passed;
    }
  }
  return out;
}

}  // namespace mt::scenarios::tls
