// PCT and random choice (strategy.h).
#include "preload/sched/strategy.h"

#include "preload/sched/rng.h"

namespace mt::sched {
namespace {

Rng rng;
// PCT's priority order, highest first: the "normal" band (new threads, at a
// random rank), then threads lowered at change point i (higher i above, as
// the paper's priority i), then threads lowered by a yield (newest last).
int order[kMaxThreads];
int band[kMaxThreads];  // kNormal, change point index 1..d-1, or kYielded
int order_size = 0;
constexpr int kNormal = 1 << 20;
constexpr int kYielded = 0;
int64_t change_points[2];
int change_count = 0;

void Remove(int slot) {
  int i = 0;
  while (i < order_size && order[i] != slot) ++i;
  if (i == order_size) return;
  for (; i + 1 < order_size; ++i) order[i] = order[i + 1];
  --order_size;
}

void InsertAt(int pos, int slot, int b) {
  for (int i = order_size; i > pos; --i) order[i] = order[i - 1];
  order[pos] = slot;
  band[slot] = b;
  ++order_size;
}

// Lowers `slot` to priority `b` (< kNormal): below every higher band.
void Lower(int slot, int b) {
  Remove(slot);
  int pos = 0;
  while (pos < order_size && band[order[pos]] >= b && b != kYielded) ++pos;
  if (b == kYielded) pos = order_size;
  InsertAt(pos, slot, b);
}

bool Eligible(const Slot& s, Wait w, uintptr_t obj, uint32_t bitset) {
  return s.state.load(std::memory_order_relaxed) == State::kBlocked &&
         s.wait == w && s.object == obj && (s.bitset & bitset) != 0;
}

}  // namespace

void StrategyInit() {
  rng.Seed(g.cfg.seed);
  change_count = 0;
  if (g.cfg.strategy != Strategy::kPct) return;
  for (int i = 0; i < g.cfg.depth - 1; ++i) {
    int64_t cp;
    do {
      if (g.cfg.steps > 0) {
        cp = 1 + static_cast<int64_t>(
                     rng.Below(static_cast<uint64_t>(g.cfg.steps)));
      } else {
        // No step count given (a first run): place the change point
        // log-uniformly in [1, 65536), so each order of magnitude of run
        // length gets the same chance instead of guessing one k (strategy
        // notes in README.md).
        uint64_t e = rng.Below(16);
        cp = static_cast<int64_t>((1ULL << e) + rng.Below(1ULL << e));
      }
    } while (i == 1 && cp == change_points[0] && g.cfg.steps > 1);
    change_points[change_count++] = cp;
  }
}

void StrategyAdd(Slot* s) {
  if (g.cfg.strategy != Strategy::kPct) return;
  int normal = 0;
  while (normal < order_size && band[order[normal]] == kNormal) ++normal;
  InsertAt(static_cast<int>(rng.Below(static_cast<uint64_t>(normal) + 1)),
           s->index, kNormal);
}

void StrategyRemove(Slot* s) { Remove(s->index); }

void StrategyLower(Slot* s) {
  if (g.cfg.strategy == Strategy::kPct) Lower(s->index, kYielded);
}

int StrategyPick(int holder) {
  if (g.cfg.strategy == Strategy::kRandom) {
    int enabled[kMaxThreads];
    int n = 0;
    for (int i = 0; i < g.slots_used; ++i) {
      if (g_slots[i].state.load(std::memory_order_relaxed) == State::kEnabled) {
        enabled[n++] = i;
      }
    }
    if (n == 0) return kNoThread;
    return enabled[rng.Below(static_cast<uint64_t>(n))];
  }
  int64_t next_step = static_cast<int64_t>(g.step) + 1;
  for (int i = 0; i < change_count; ++i) {
    if (change_points[i] == next_step && holder != kNoThread)
      Lower(holder, i + 1);
  }
  for (int i = 0; i < order_size; ++i) {
    if (g_slots[order[i]].state.load(std::memory_order_relaxed) ==
        State::kEnabled) {
      return order[i];
    }
  }
  return kNoThread;
}

int StrategyWaiters(Wait w, uintptr_t obj, uint32_t bitset, int max, int* out) {
  int n = 0;
  if (g.cfg.strategy == Strategy::kPct) {
    for (int i = 0; i < order_size && n < max; ++i) {
      if (Eligible(g_slots[order[i]], w, obj, bitset)) out[n++] = order[i];
    }
    return n;
  }
  int all[kMaxThreads];
  int count = 0;
  for (int i = 0; i < g.slots_used; ++i) {
    if (Eligible(g_slots[i], w, obj, bitset)) all[count++] = i;
  }
  // A uniform choice of `max` of them, in a uniform order (partial shuffle).
  for (int i = 0; i < count && n < max; ++i) {
    int j = i + static_cast<int>(rng.Below(static_cast<uint64_t>(count - i)));
    int t = all[i];
    all[i] = all[j];
    all[j] = t;
    out[n++] = all[i];
  }
  return n;
}

int ChangePoints(const int64_t** points) {
  *points = change_points;
  return change_count;
}

}  // namespace mt::sched
