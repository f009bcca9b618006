// Ringing decisions against a store of N subscribers (issue: 1,000,000 and
// 10,000), each with 3 groups of 20 members, 5 preference entries and a
// library of 10 (tests/bench/bench_fixture.cpp).
//
//   bench_decision                       both sizes; the 1M store is generated
//                                        once into $CMR_BENCH_DIR (default ./bench-data)
//   bench_decision --benchmark_filter=/10000
//
// BM_decide_warm: one thread, every owner's snapshot already cached (warm
// caches), owners in random order, other parties half group members, half not,
// and three times of day, so the group, time and default2 paths all run.
// Reports decisions/s plus p50/p99/max latency of single decisions.
// BM_warm_batch/N/B: the same requests in the same order, handed to
// decision_engine::decide_many() B at a time, as a server decides a burst of
// received IDPs/INVITEs. Reports decisions/s; p50/p99/max_us are per decision
// (a batch's time over B), batch_p99_us the time of a whole batch: the
// longest any request of a burst waits for its answer.
// BM_memory_probe: the machine's cost of a random access, prefetched or not
// (see below; run it with --benchmark_filter=probe).
// BM_bound_one_access: the same decisions with each snapshot resolved
// beforehand, one random access each: the floor of any cache layout
// (--benchmark_filter=bound).
// BM_restart_to_first_decision: open the existing store (as a restarted server
// does) and make the first decision for an owner never seen before.
#include <benchmark/benchmark.h>
#include <sys/mman.h>

#include <algorithm>
#include <array>
#include <charconv>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <map>
#include <memory>
#include <random>
#include <string>
#include <vector>

#include "store/decision_engine.h"
#include "store/store.h"
#include "tests/bench/bench_fixture.h"

namespace {

using namespace cmr;
using steady = std::chrono::steady_clock;

constexpr std::uint64_t k_first_msisdn = 491500000000;

std::string bench_dir() {
  const char* d = std::getenv("CMR_BENCH_DIR");
  return d != nullptr ? d : "bench-data";
}

store::open_options options_for(std::int64_t n) {
  store::open_options o;
  o.path = bench_dir() + "/decide-" + std::to_string(n) + ".db";
  o.snapshot_cache_capacity = static_cast<std::size_t>(n) + 1024;
  return o;
}

// Generates the store for n subscribers once; later runs reuse the file.
bool ensure_store(std::int64_t n) {
  static std::map<std::int64_t, bool> ready;
  if (auto it = ready.find(n); it != ready.end()) return it->second;
  std::filesystem::create_directories(bench_dir());
  auto opened = store::store::open(options_for(n));
  if (!opened) {
    std::fprintf(stderr, "open: %s\n", opened.error().message.c_str());
    return ready[n] = false;
  }
  auto& s = **opened;
  const auto have = s.subscribers().count();
  if (!have || *have != n) {
    if (have && *have != 0) {
      std::fprintf(stderr, "%s holds %lld subscribers, expected %lld: remove it\n",
                   options_for(n).path.c_str(), static_cast<long long>(*have),
                   static_cast<long long>(n));
      return ready[n] = false;
    }
    std::fprintf(stderr, "generating %lld subscribers into %s ...\n", static_cast<long long>(n),
                 options_for(n).path.c_str());
    const auto t0 = steady::now();
    if (auto r = bench::generate_subscribers(s, k_first_msisdn, static_cast<std::uint64_t>(n));
        !r) {
      std::fprintf(stderr, "generate: %s\n", r.error().message.c_str());
      return ready[n] = false;
    }
    std::fprintf(stderr, "generated in %.1f s\n",
                 std::chrono::duration<double>(steady::now() - t0).count());
  }
  return ready[n] = true;
}

// Three local times (the fixture's owners live in Europe/Berlin): 11:00 hits
// the time window 08:00-18:00, 21:00 and 03:00 fall through to default2.
const std::array<store::timestamp, 3> k_times = {
    store::timestamp(std::chrono::seconds(1795946400)),   // 2026-11-26 10:00 UTC
    store::timestamp(std::chrono::seconds(1795982400)),   // 2026-11-26 20:00 UTC
    store::timestamp(std::chrono::seconds(1795921200))};  // 2026-11-26 03:00 UTC

// Runs before the warm benchmarks (registration order): they keep their store
// open, and a second open of the same file is refused as locked.
void BM_restart_to_first_decision(benchmark::State& state) {
  const auto n = state.range(0);
  if (!ensure_store(n)) {
    state.SkipWithError("cannot prepare the store");
    return;
  }
  std::uint64_t next = static_cast<std::uint64_t>(n) / 2;
  for (auto _ : state) {
    const auto owner = std::to_string(k_first_msisdn + next++);
    const auto t0 = steady::now();
    auto opened = store::store::open(options_for(n));
    if (!opened) {
      state.SkipWithError(opened.error().message.c_str());
      return;
    }
    auto& s = **opened;
    system_clock clk;
    store::rotation_state rotation;
    store::decision_engine engine(s.snapshots(), s.resource_catalogue(), clk, rotation, {});
    auto d = engine.decide(owner, store::service::cmrbt, "", store::media_set::cs());
    const auto t1 = steady::now();
    if (d.resource == nullptr) {
      state.SkipWithError(("no resource: " + d.explain()).c_str());
      return;
    }
    state.SetIterationTime(std::chrono::duration<double>(t1 - t0).count());
  }
}
BENCHMARK(BM_restart_to_first_decision)
    ->Arg(10000)
    ->Arg(1000000)
    ->UseManualTime()
    ->Iterations(20)
    ->Repetitions(3)
    ->Unit(benchmark::kMillisecond);

// The owner and other party of call i, formatted on the stack as a protocol
// layer has them from the message just received: a vector of 1M strings would
// add two cache misses per decision that belong to the harness, not the engine.
// Other parties: even i a member of the owner's group 1, odd i nobody's.
class party {
public:
  party() = default;
  explicit party(std::size_t i) {
    const auto msisdn = k_first_msisdn + i;
    owner_len_ = format(owner_, msisdn);
    other_len_ = format(other_, i % 2 == 0 ? msisdn + 1000000000 + i % 20 : 491799999999 - i);
  }
  [[nodiscard]] std::string_view owner() const { return {owner_.data(), owner_len_}; }
  [[nodiscard]] std::string_view other() const { return {other_.data(), other_len_}; }

private:
  static std::size_t format(std::array<char, 24>& buf, std::uint64_t v) {
    const auto r = std::to_chars(buf.data(), buf.data() + buf.size(), v);
    return static_cast<std::size_t>(r.ptr - buf.data());
  }
  std::array<char, 24> owner_{};
  std::array<char, 24> other_{};
  std::size_t owner_len_ = 0;
  std::size_t other_len_ = 0;
};

// Everything BM_decide_warm needs, built and warmed once per store size:
// Google Benchmark calls the function several times (to size the run and per
// repetition), and warming 1M snapshots takes minutes.
struct warm_env {
  std::unique_ptr<store::store> s;
  manual_clock clk{k_times[0]};
  store::rotation_state rotation;
  std::unique_ptr<store::decision_engine> engine;
  std::vector<std::size_t> order;
  std::string error;
};

warm_env& warm_env_for(std::int64_t n) {
  static std::map<std::int64_t, std::unique_ptr<warm_env>> envs;
  auto& slot = envs[n];
  if (slot) return *slot;
  slot = std::make_unique<warm_env>();
  auto& e = *slot;
  if (!ensure_store(n)) {
    e.error = "cannot prepare the store";
    return e;
  }
  auto opened = store::store::open(options_for(n));
  if (!opened) {
    e.error = opened.error().message;
    return e;
  }
  e.s = std::move(*opened);
  e.engine = std::make_unique<store::decision_engine>(e.s->snapshots(), e.s->resource_catalogue(),
                                                      e.clk, e.rotation, store::system_defaults{});
  // Owners in random order; other parties: even index a member of group 1.
  std::mt19937_64 rng(42);
  e.order.resize(static_cast<std::size_t>(n));
  for (std::size_t i = 0; i < e.order.size(); ++i) e.order[i] = i;
  std::shuffle(e.order.begin(), e.order.end(), rng);
  // Warm every owner's snapshot (and the resource cache).
  const auto t0 = steady::now();
  for (std::size_t i = 0; i < e.order.size(); ++i) {
    const party p(i);
    auto d = e.engine->decide(p.owner(), store::service::cmrbt, "", store::media_set::cs());
    if (d.resource == nullptr) {
      e.error = "no resource for " + std::string(p.owner()) + ": " + d.explain();
      return e;
    }
  }
  std::fprintf(stderr, "warmed %lld snapshots in %.1f s\n", static_cast<long long>(n),
               std::chrono::duration<double>(steady::now() - t0).count());
  return e;
}

// The latencies of a run's samples (one decision, or one batch), kept for
// the first 4 Mi samples, and the p50/p99/max counters made of them.
class latencies {
public:
  latencies() { ns_.reserve(std::size_t{1} << 22); }
  void add(steady::time_point t0, steady::time_point t1) {
    if (ns_.size() < ns_.capacity())
      ns_.push_back(static_cast<std::uint32_t>(
          std::chrono::duration_cast<std::chrono::nanoseconds>(t1 - t0).count()));
  }
  // Sets p50_us, p99_us and max_us per decision (a sample over `per`
  // decisions); returns the sample p99 in microseconds.
  double report(benchmark::State& state, double per = 1.0) {
    std::sort(ns_.begin(), ns_.end());
    const double p99 = at(0.99);
    state.counters["p50_us"] = at(0.50) / per;
    state.counters["p99_us"] = p99 / per;
    state.counters["max_us"] = ns_.empty() ? 0.0 : ns_.back() / 1000.0 / per;
    return p99;
  }

private:
  [[nodiscard]] double at(double p) const {
    return ns_.empty()
               ? 0.0
               : ns_[static_cast<std::size_t>(p * static_cast<double>(ns_.size() - 1))] / 1000.0;
  }
  std::vector<std::uint32_t> ns_;
};

void BM_decide_warm(benchmark::State& state) {
  auto& env = warm_env_for(state.range(0));
  if (!env.error.empty()) {
    state.SkipWithError(env.error.c_str());
    return;
  }
  auto& clk = env.clk;
  auto& engine = *env.engine;
  const auto& order = env.order;

  latencies lat;  // per decision
  std::size_t k = 0;
  std::size_t found = 0;
  for (auto _ : state) {
    const auto i = order[k % order.size()];
    clk.set(k_times[k % k_times.size()]);
    const auto t0 = steady::now();
    const party p(i);
    auto d = engine.decide(p.owner(), store::service::cmrbt, p.other(), store::media_set::cs());
    const auto t1 = steady::now();
    found += d.resource != nullptr ? 1U : 0U;
    benchmark::DoNotOptimize(d);
    lat.add(t0, t1);
    ++k;
  }
  if (found != k) state.SkipWithError("a decision found nothing");
  state.SetItemsProcessed(static_cast<std::int64_t>(k));
  lat.report(state);
}
BENCHMARK(BM_decide_warm)->Arg(10000)->Arg(1000000)->Unit(benchmark::kNanosecond)->MinTime(3.0);

void BM_warm_batch(benchmark::State& state) {
  auto& env = warm_env_for(state.range(0));
  if (!env.error.empty()) {
    state.SkipWithError(env.error.c_str());
    return;
  }
  auto& clk = env.clk;
  auto& engine = *env.engine;
  const auto& order = env.order;
  const auto batch = static_cast<std::size_t>(state.range(1));

  std::vector<party> parties(batch);
  std::vector<store::decision_request> requests(batch);
  std::vector<store::decision> out(batch);
  latencies lat;  // per batch
  std::size_t k = 0;
  std::size_t b = 0;
  std::size_t found = 0;
  for (auto _ : state) {
    clk.set(k_times[b % k_times.size()]);
    const auto t0 = steady::now();
    for (std::size_t j = 0; j < batch; ++j) {
      parties[j] = party(order[(k + j) % order.size()]);
      requests[j] = {parties[j].owner(), store::service::cmrbt, parties[j].other(),
                     store::media_set::cs()};
    }
    engine.decide_many(requests, out);
    const auto t1 = steady::now();
    for (const auto& d : out) found += d.resource != nullptr ? 1U : 0U;
    benchmark::DoNotOptimize(out.data());
    lat.add(t0, t1);
    k += batch;
    ++b;
  }
  if (found != k) state.SkipWithError("a decision found nothing");
  state.SetItemsProcessed(static_cast<std::int64_t>(k));
  state.counters["batch_p99_us"] = lat.report(state, static_cast<double>(batch));
}
// BM_memory_probe/MB/pattern/prefetch: what this machine charges for the
// random accesses a decision makes, without the engine. One 64-byte line per
// item out of MB megabytes (on transparent huge pages, as the cache's tables
// and snapshots are), plus ~100 ns of dependent arithmetic standing in for a
// decision's work; with prefetch = 1 each item's line is prefetched four items
// ahead, far more than a DRAM round trip. Pattern 0: lines anywhere; pattern
// 1: one line in each of 128 Ki random 4 KB pages (8 MB of lines: they fit
// the L3, but are spread over as many pages as a 1M store's slots and
// snapshots). Not part of the "warm" filter.
void BM_memory_probe(benchmark::State& state) {
  const auto bytes = static_cast<std::size_t>(state.range(0)) << 20;
  const auto pattern = state.range(1);
  const bool prefetch = state.range(2) != 0;
  constexpr std::size_t k_huge = std::size_t{2} << 20;
  auto* mem = static_cast<char*>(std::aligned_alloc(k_huge, bytes));
  if (mem == nullptr) {
    state.SkipWithError("cannot allocate");
    return;
  }
  (void)::madvise(mem, bytes, MADV_HUGEPAGE);
  std::memset(mem, 1, bytes);
  // Pattern 1 visits 128 Ki lines (8 MB, one per page: an L3 hit once
  // visited), pattern 0 4 Mi (256 MB over all of a large region: DRAM).
  std::vector<std::size_t> at(std::size_t{1} << (pattern == 1 ? 17 : 22));
  std::mt19937_64 rng(1);
  for (auto& o : at) {
    const std::size_t page = rng() % (bytes >> 12);
    o = pattern == 1 ? page * 4096 + (page % 64) * 64 : (rng() % (bytes >> 6)) * 64;
  }
  constexpr std::size_t d = 4;
  std::size_t i = 0;
  std::uint64_t sum = 0;
  for (auto _ : state) {
    const std::size_t k = i++ & (at.size() - 1);
    if (prefetch) __builtin_prefetch(mem + at[(k + d) & (at.size() - 1)]);
    std::uint64_t v = *reinterpret_cast<const std::uint64_t*>(mem + at[k]);
    for (int r = 0; r < 100; ++r) v = v * 6364136223846793005ULL + 1442695040888963407ULL;
    sum += v;
  }
  benchmark::DoNotOptimize(sum);
  std::free(mem);
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_memory_probe)
    ->Args({10, 0, 0})
    ->Args({10, 0, 1})
    ->Args({1536, 0, 0})
    ->Args({1536, 0, 1})
    ->Args({1536, 1, 0})
    ->Args({1536, 1, 1})
    ->Unit(benchmark::kNanosecond)
    ->MinTime(2.0);

// BM_bound_one_access: the floor of any cache layout. The same decisions as
// BM_decide_warm (owners in the same random order, same other parties and
// local times), but each owner's snapshot was looked up beforehand and stored
// in visiting order, so a decision makes exactly one random access: the
// snapshot itself (all its lines prefetched at once, as the cache does on a
// hit), then store::decide() over it. No index slot, no shard lock, no
// reference count. What an ideal index (slot and snapshot in one line) could
// reach at best; its 1M/10k ratio bounds the ratio any layout can show here
// (docs/performance.md, "why 0.8 is out of reach"). Not in the "warm" filter.
void BM_bound_one_access(benchmark::State& state) {
  auto& env = warm_env_for(state.range(0));
  if (!env.error.empty()) {
    state.SkipWithError(env.error.c_str());
    return;
  }
  const auto& order = env.order;
  // One full pass of the random order, resolved up front: read sequentially
  // below, so the hardware prefetcher hides the array itself.
  std::vector<const store::compact_snapshot*> snaps(order.size());
  std::vector<store::snapshot_ptr> hold(order.size());
  for (std::size_t k = 0; k < order.size(); ++k) {
    hold[k] = env.s->snapshots().find_snapshot(party(order[k]).owner());
    if (!hold[k]) {
      state.SkipWithError("owner without snapshot");
      return;
    }
    snaps[k] = hold[k].get();
  }
  const store::system_defaults defaults{};
  store::decision_input in;
  in.svc = store::service::cmrbt;
  in.caps = store::media_set::cs();
  // Timed per decision like BM_decide_warm, so both carry the same clock
  // reads and the same latency record.
  latencies lat;
  std::size_t k = 0;
  std::size_t found = 0;
  for (auto _ : state) {
    const std::size_t j = k % order.size();
    const auto t0 = steady::now();
    const auto* snap = snaps[j];
    const auto* b = reinterpret_cast<const char*>(snap);
    for (std::uint32_t off = 0; off < snap->size_bytes() && off < 4096; off += 64)
      __builtin_prefetch(b + off);
    const party p(order[j]);
    in.owner.assign(p.owner());
    in.other_party.assign(p.other());
    in.now = k_times[k % k_times.size()];
    auto d = store::decide(in, *snap, env.s->resource_catalogue(), env.rotation, defaults);
    const auto t1 = steady::now();
    found += d.resource != nullptr ? 1U : 0U;
    benchmark::DoNotOptimize(d);
    lat.add(t0, t1);
    ++k;
  }
  if (found != k) state.SkipWithError("a decision found nothing");
  state.SetItemsProcessed(static_cast<std::int64_t>(k));
  lat.report(state);
}
BENCHMARK(BM_bound_one_access)
    ->Arg(10000)
    ->Arg(1000000)
    ->Unit(benchmark::kNanosecond)
    ->MinTime(3.0);

BENCHMARK(BM_warm_batch)
    ->Args({10000, 16})
    ->Args({1000000, 16})
    ->Args({10000, 64})
    ->Args({1000000, 64})
    ->Unit(benchmark::kNanosecond)
    ->MinTime(3.0);

}  // namespace

BENCHMARK_MAIN();
