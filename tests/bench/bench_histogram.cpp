// What a latency observation costs at a call site (common/histogram.h),
// beside the relaxed atomic increment every counter costs, in the same run:
//   bench_histogram --benchmark_repetitions=3 --benchmark_report_aggregates_only=true
// (docs/operations.md quotes the medians). observe() takes
// durations spread over every bucket so that the bucket scan is not one
// well-predicted branch; "with clock" adds the steady_clock read that ends
// the interval, as the SCP, the SIP AS and the decision engine do.
#include <benchmark/benchmark.h>

#include <array>
#include <atomic>
#include <chrono>
#include <cmath>
#include <cstdint>
#include <random>

#include "common/histogram.h"

namespace {

// The decision histogram's bounds (store/decision_engine.cpp): 18, the most of any.
constexpr double k_bounds[] = {0.000001, 0.0000025, 0.000005, 0.00001, 0.000025, 0.00005,
                               0.0001,   0.00025,   0.0005,   0.001,   0.0025,   0.005,
                               0.01,     0.025,     0.05,     0.1,     0.25,     1};
const cmr::histogram_desc k_desc{"bench", "bench", "seconds", k_bounds};

std::array<std::chrono::nanoseconds, 1024> spread() {
  std::array<std::chrono::nanoseconds, 1024> d{};
  std::mt19937_64 rng(7);
  // Log-uniform from 100 ns to 2 s: every bucket and +Inf get some.
  std::uniform_real_distribution<double> exp10(2.0, 9.3);
  for (auto& x : d)
    x = std::chrono::nanoseconds(static_cast<std::int64_t>(std::pow(10.0, exp10(rng))));
  return d;
}

void BM_atomic_increment(benchmark::State& state) {
  std::atomic<std::uint64_t> n{0};
  for (auto _ : state) n.fetch_add(1, std::memory_order_relaxed);
  benchmark::DoNotOptimize(n.load());
}
BENCHMARK(BM_atomic_increment);

void BM_histogram_observe(benchmark::State& state) {
  cmr::histogram h{k_desc};
  const auto d = spread();
  std::size_t i = 0;
  for (auto _ : state) h.observe(d[i++ & 1023]);
  benchmark::DoNotOptimize(h.snapshot().count);
}
BENCHMARK(BM_histogram_observe);

void BM_histogram_observe_with_clock(benchmark::State& state) {
  cmr::histogram h{k_desc};
  const auto t0 = std::chrono::steady_clock::now();
  for (auto _ : state) h.observe(std::chrono::steady_clock::now() - t0);
  benchmark::DoNotOptimize(h.snapshot().count);
}
BENCHMARK(BM_histogram_observe_with_clock);

}  // namespace

BENCHMARK_MAIN();
