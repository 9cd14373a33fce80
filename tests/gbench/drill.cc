// The fire drill of `mtbench ab` (README, "A/B of two builds"): one Google
// Benchmark binary built twice, gbench_drill_base and gbench_drill_new. The
// new build does 5 % more work in chain5's loop body and 3 % more in
// chain3's (a real code change, not edited results); chain and copy are the
// same in both, so any verdict on them is a false alarm.
#include <benchmark/benchmark.h>

#include <cstdint>
#include <cstring>
#include <vector>

namespace {

// Steps of a dependent multiply-add chain per iteration: each step waits for
// the last, so time grows in proportion to the steps (~3 µs here). Read
// through a volatile so the compiler cannot fold the loop's trip count.
volatile int base_steps = 1000;

#ifdef MT_DRILL_NEW
constexpr int kPercent5 = 105, kPercent3 = 103;
#else
constexpr int kPercent5 = 100, kPercent3 = 100;
#endif

void Chain(benchmark::State& state, int percent) {
  const int steps = base_steps * percent / 100;
  std::uint64_t x = 1;
  for (auto _ : state) {
    for (int i = 0; i < steps; ++i) x = x * 6364136223846793005u + i;
    benchmark::DoNotOptimize(x);
  }
}

void BM_Chain5(benchmark::State& state) { Chain(state, kPercent5); }
void BM_Chain3(benchmark::State& state) { Chain(state, kPercent3); }
void BM_Chain(benchmark::State& state) { Chain(state, 100); }
BENCHMARK(BM_Chain5);
BENCHMARK(BM_Chain3);
BENCHMARK(BM_Chain);

// Memory-bound and untouched: 256 KiB copied per iteration.
void BM_Copy(benchmark::State& state) {
  std::vector<char> from(256 << 10, 1), to(256 << 10);
  for (auto _ : state) {
    std::memcpy(to.data(), from.data(), from.size());
    benchmark::ClobberMemory();
  }
}
BENCHMARK(BM_Copy);

}  // namespace

BENCHMARK_MAIN();
