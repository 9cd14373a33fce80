// Lock-free bug: check-then-act on atomics. Two threads claim free slots of
// a table: "if the slot is free, write my name" is a load and a store, not a
// compare-and-swap, so both can claim one slot. There is no pthread call
// between the two: only a preemption interleaves them. Exits 1 when more
// claims than slots were made.
#include <pthread.h>

#include <atomic>
#include <cstdio>

namespace {

constexpr int kSlots = 20000;
std::atomic<int> owner[kSlots];
std::atomic<int> claims{0};

void* Claim(void* name) {
  int me = static_cast<int>(reinterpret_cast<long>(name));
  for (std::atomic<int>& slot : owner) {
    if (slot.load(std::memory_order_relaxed) == 0) {
      slot.store(me, std::memory_order_relaxed);  // the bug: not a CAS
      claims.fetch_add(1, std::memory_order_relaxed);
    }
  }
  return nullptr;
}

}  // namespace

int main() {
  pthread_t a, b;
  pthread_create(&a, nullptr, Claim, reinterpret_cast<void*>(1));
  pthread_create(&b, nullptr, Claim, reinterpret_cast<void*>(2));
  pthread_join(a, nullptr);
  pthread_join(b, nullptr);
  std::printf("claims %d for %d slots\n", claims.load(), kSlots);
  return claims.load() == kSlots ? 0 : 1;
}
