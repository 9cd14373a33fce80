// A user's Google Benchmark binary, in miniature, for the --gbench tests: a
// benchmark on one thread and on two (placement), and three that misbehave
// only when asked through MT_GBENCH_TINY_FAIL (a comma list of abort, hang,
// error), so that the runner's isolation is tested without luck.
#include <benchmark/benchmark.h>
#include <unistd.h>

#include <cstdint>
#include <cstdlib>
#include <cstring>

namespace {

bool Asked(const char* what) {
  const char* fail = std::getenv("MT_GBENCH_TINY_FAIL");
  return fail != nullptr && std::strstr(fail, what) != nullptr;
}

void BM_Spin(benchmark::State& state) {
  std::uint64_t x = 1;
  for (auto _ : state) {
    x = x * 6364136223846793005u + 1442695040888963407u;
    benchmark::DoNotOptimize(x);
  }
}
BENCHMARK(BM_Spin)->Threads(1)->Threads(2);

void BM_Abort(benchmark::State& state) {
  if (Asked("abort")) std::abort();
  for (auto _ : state) benchmark::DoNotOptimize(state.iterations());
}
BENCHMARK(BM_Abort);

void BM_Hang(benchmark::State& state) {
  while (Asked("hang")) pause();  // until the runner's time limit kills it
  for (auto _ : state) benchmark::DoNotOptimize(state.iterations());
}
BENCHMARK(BM_Hang);

void BM_Error(benchmark::State& state) {
  if (Asked("error")) state.SkipWithError("asked to report an error");
  for (auto _ : state) benchmark::DoNotOptimize(state.iterations());
}
BENCHMARK(BM_Error);

// Runs after the ones that fail: it must still be measured.
void BM_After(benchmark::State& state) {
  for (auto _ : state) benchmark::DoNotOptimize(state.iterations());
}
BENCHMARK(BM_After);

}  // namespace

BENCHMARK_MAIN();
