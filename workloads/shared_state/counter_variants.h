// The one list of shared-counter variants (as Concurrency Kit keeps a
// validator and a benchmark per primitive from one definition): the counter
// scenario registers a benchmark for each, counters_test.cc checks every
// exact one, and the scenario's claims take their lists from it.
#pragma once

#include <algorithm>
#include <cstddef>
#include <string>
#include <string_view>
#include <tuple>
#include <type_traits>
#include <utility>
#include <vector>

#include "workloads/base/mutex.h"
#include "workloads/locks/spinlocks.h"
#include "workloads/shared_state/counters.h"

namespace mt::workloads {

// Thread safety: types and pure functions; counters.h says how threads may
// share each counter.

// How a variant keeps (or fails to keep) concurrent updates.
enum class CounterGuard {
  kNone,    // nothing: concurrent increments lose updates
  kLock,    // a lock around the read-modify-write
  kAtomic,  // one atomic read-modify-write instruction
  kShards,  // a slot per thread, summed; built with the number of slots
};

// A string literal as a template argument.
template <std::size_t N>
struct VariantName {
  constexpr VariantName(const char (&text)[N]) {  // NOLINT: implicit on purpose
    std::copy_n(text, N, chars);
  }
  constexpr std::string_view view() const { return {chars, N - 1}; }
  char chars[N];
};

// One row of the list. `fifo`: a fair lock whose every hand-off waits for
// the one thread next in line to run (see scenarios/counter/increment.h).
template <VariantName kNameText, typename CounterType, CounterGuard kGuardOf,
          bool kFifoLock = false>
struct CounterVariant {
  using Counter = CounterType;
  static constexpr std::string_view kName = kNameText.view();
  static constexpr CounterGuard kGuard = kGuardOf;
  // Must lose nothing, whatever the interleaving.
  static constexpr bool kExact = kGuardOf != CounterGuard::kNone;
  static constexpr bool kSharded = kGuardOf == CounterGuard::kShards;
  static constexpr bool kFifo = kFifoLock;
  static_assert(!kFifoLock || kGuardOf == CounterGuard::kLock);
};

// Benchmark names and the claims' lists follow this order.
using CounterVariants = std::tuple<
    CounterVariant<"racy", RacyCounter, CounterGuard::kNone>,
    CounterVariant<"split_rmw", SplitRmwCounter, CounterGuard::kNone>,
    CounterVariant<"mutex", LockedCounter<Mutex>, CounterGuard::kLock>,
    CounterVariant<"tas", LockedCounter<TasLock>, CounterGuard::kLock>,
    CounterVariant<"ttas", LockedCounter<TtasLock>, CounterGuard::kLock>,
    CounterVariant<"ticket", LockedCounter<TicketLock>, CounterGuard::kLock,
                   /*kFifoLock=*/true>,
    CounterVariant<"atomic", AtomicCounter, CounterGuard::kAtomic>,
    CounterVariant<"sharded_padded", PaddedShardedCounter,
                   CounterGuard::kShards>,
    CounterVariant<"sharded_unpadded", PackedShardedCounter,
                   CounterGuard::kShards>>;

// The exact ones (a std::tuple of variants), for typed tests.
template <typename... V>
auto KeepExact(std::tuple<V...>) -> decltype(std::tuple_cat(
    std::declval<
        std::conditional_t<V::kExact, std::tuple<V>, std::tuple<>>>()...));
using ExactCounterVariants = decltype(KeepExact(CounterVariants{}));

// Calls body.template operator()<V>() for every variant V, in list order:
//   ForEachCounterVariant([]<typename V>() { ... });
template <typename Body>
void ForEachCounterVariant(Body&& body) {
  std::apply([&](auto... v) { (body.template operator()<decltype(v)>(), ...); },
             CounterVariants{});
}

template <std::size_t... I>
constexpr std::size_t CounterVariantIndex(std::string_view name,
                                          std::index_sequence<I...>) {
  std::size_t found = sizeof...(I);  // out of range: no such variant
  ((std::tuple_element_t<I, CounterVariants>::kName == name ? found = I : 0),
   ...);
  return found;
}
// The variant named kNameText (a compile error when there is none):
// CounterVariantNamed<"mutex">::Counter.
template <VariantName kNameText>
using CounterVariantNamed = std::tuple_element_t<
    CounterVariantIndex(
        kNameText.view(),
        std::make_index_sequence<std::tuple_size_v<CounterVariants>>()),
    CounterVariants>;

// Names of the variants that must lose nothing (`exact`) or that lose
// updates under contention (`!exact`), in list order.
inline std::vector<std::string> CounterVariantNames(bool exact) {
  std::vector<std::string> names;
  ForEachCounterVariant([&]<typename V>() {
    if (V::kExact == exact) names.emplace_back(V::kName);
  });
  return names;
}

// A fresh counter of variant V for `threads` threads (a slot each when
// sharded), and one increment by thread `thread`.
template <typename V>
auto MakeCounter(int threads) {
  if constexpr (V::kSharded) {
    return typename V::Counter(threads);
  } else {
    return typename V::Counter();
  }
}
template <typename V>
void IncrementAs(typename V::Counter& counter, int thread) {
  if constexpr (V::kSharded) {
    counter.Increment(thread);
  } else {
    counter.Increment();
  }
}

}  // namespace mt::workloads
