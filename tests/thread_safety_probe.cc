// Proof that the clang presets' thread-safety analysis bites (tests/
// thread_safety.cmake): MT_PROBE picks a deliberate mistake, which must fail
// the build with the analysis's error; MT_PROBE=0 is the same code without
// it, which must build (so a failure is the analysis, not a typo).
#include "workloads/base/mutex.h"
#include "workloads/base/thread_annotations.h"
#include "workloads/gil/gil.h"

namespace mt::probe {

class Account {
 public:
  void Deposit(int n) {
#if MT_PROBE == 1
    balance_ += n;  // no lock: "writing variable 'balance_' requires ..."
#else
    workloads::LockGuard hold(mu_);
    balance_ += n;
#endif
  }

 private:
  workloads::Mutex mu_;
  int balance_ GUARDED_BY(mu_) = 0;
};

void Interpret(workloads::Gil& gil) {
#if MT_PROBE != 2
  gil.Take(0);
#endif
  gil.Check(0);  // the eval breaker: only the holder may call it
#if MT_PROBE != 2
  gil.Drop(0);
#endif
}

}  // namespace mt::probe
