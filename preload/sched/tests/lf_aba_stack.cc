// Lock-free bug: ABA on a Treiber stack. A pop reads the top and its next,
// then swaps top for next; if meanwhile another thread popped that node and
// the one below and pushed the first back, the swap succeeds with a stale
// next and a popped node returns to the stack. Nodes come from a fixed pool
// and are never freed, so the damage shows as a node taken twice (exit 1),
// not as a crash.
#include <pthread.h>

#include <atomic>
#include <cstdio>

namespace {

constexpr int kNodes = 8, kRounds = 20000;
struct Node {
  std::atomic<Node*> next{nullptr};
  std::atomic<int> holders{0};  // threads holding it popped: 0 or 1
};
Node pool[kNodes];
std::atomic<Node*> top{nullptr};
std::atomic<int> twice{0};

void Push(Node* n) {
  Node* old = top.load();
  do {
    n->next.store(old);
  } while (!top.compare_exchange_weak(old, n));
}

Node* Pop() {
  Node* old = top.load();
  while (old != nullptr && !top.compare_exchange_weak(old, old->next.load())) {
  }
  if (old != nullptr && old->holders.fetch_add(1) != 0) twice.fetch_add(1);
  return old;
}

// Pops two and pushes the first back before the second: the order that
// lets a pop preempted between reading `next` and its swap succeed with a
// stale `next` (the node still held here).
void* Churn(void*) {
  for (int i = 0; i < kRounds; ++i) {
    Node* a = Pop();
    Node* b = Pop();
    if (a != nullptr) a->holders.fetch_sub(1), Push(a);
    if (b != nullptr) b->holders.fetch_sub(1), Push(b);
  }
  return nullptr;
}

}  // namespace

int main() {
  for (Node& n : pool) Push(&n);
  pthread_t a, b;
  pthread_create(&a, nullptr, Churn, nullptr);
  pthread_create(&b, nullptr, Churn, nullptr);
  pthread_join(a, nullptr);
  pthread_join(b, nullptr);
  std::printf("nodes taken twice: %d\n", twice.load());
  return twice.load() == 0 ? 0 : 1;
}
