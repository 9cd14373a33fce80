// Bug: a lock-free stack of reused pool nodes CASes an untagged head index
// (ABA). Shows: assertion, a node handed out twice: A reads head n0, next n1;
// B pops n0 and n1 and pushes n0; A's CAS succeeds and makes n1 the head.
// Fix: a tag in the head word, bumped by every CAS.
#include <atomic>
#include <cstdint>
#include <thread>

#include "corpus/corpus.h"

namespace {

constexpr int kNodes = 3;
constexpr int kNil = -1;
enum State : int { kOnStack, kTaken };

class Stack {
 public:
  Stack() {
    for (int i = kNodes - 1; i >= 0; --i) Push(i);
  }
  void Push(int node) {
    CORPUS_CHECK(state_[node].exchange(kOnStack) == kTaken || !started_,
                 "node %d pushed while on the stack", node);
    std::uint64_t head = head_.load();
    do {
      next_[node].store(Index(head));
    } while (!head_.compare_exchange_weak(head, Make(node, head)));
  }
  int Pop() {
    std::uint64_t head = head_.load();
    for (;;) {
      const int top = Index(head);
      if (top == kNil) return kNil;
      const int next = next_[top].load();
      CORPUS_WINDOW();
      if (head_.compare_exchange_weak(head, Make(next, head))) {
        CORPUS_CHECK(state_[top].exchange(kTaken) == kOnStack,
                     "ABA: node %d popped while another thread holds it", top);
        return top;
      }
    }
  }
  void Start() { started_ = true; }

 private:
  static int Index(std::uint64_t head) {
    return static_cast<int>(static_cast<std::int32_t>(head & 0xffffffffu));
  }
#ifdef CORPUS_FIXED
  static std::uint64_t Make(int index, std::uint64_t old) {
    return ((old >> 32) + 1) << 32 | static_cast<std::uint32_t>(index);
  }
#else
  static std::uint64_t Make(int index, std::uint64_t) {
    return static_cast<std::uint32_t>(index);
  }
#endif

  std::atomic<std::uint64_t> head_{static_cast<std::uint32_t>(kNil)};
  std::atomic<int> next_[kNodes] = {};
  std::atomic<int> state_[kNodes] = {};
  bool started_ = false;  // set before the threads start
};

}  // namespace

int main() {
  Stack stack;
  stack.Start();
  // Each thread borrows nodes and gives them back, as an allocator's free
  // list would; b keeps its second node until main takes it back.
  int kept = kNil;
  std::thread a([&] {
    const int n = stack.Pop();
    if (n != kNil) stack.Push(n);
  });
  std::thread b([&] {
    const int n0 = stack.Pop();
    kept = stack.Pop();
    if (n0 != kNil) stack.Push(n0);
  });
  a.join();
  b.join();
  if (kept != kNil) stack.Push(kept);
  int count = 0;
  for (int n = stack.Pop(); n != kNil; n = stack.Pop()) ++count;
  CORPUS_CHECK(count == kNodes, "%d of %d nodes on the stack at the end", count,
               kNodes);
  return 0;
}
