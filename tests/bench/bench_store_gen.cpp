// Writes a store of benchmark subscribers (tests/bench/bench_fixture.h) for
// the load scripts, through the store API:
//   bench_store_gen PATH FIRST_MSISDN COUNT
// A file that already holds COUNT subscribers is kept as it is (exit 0); one
// holding another number is refused (exit 1): remove it first.
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <string>

#include "store/store.h"
#include "tests/bench/bench_fixture.h"

int main(int argc, char** argv) {
  if (argc != 4) {
    std::fprintf(stderr, "usage: bench_store_gen PATH FIRST_MSISDN COUNT\n");
    return 2;
  }
  const std::string path = argv[1];
  const std::uint64_t first = std::strtoull(argv[2], nullptr, 10);
  const std::uint64_t count = std::strtoull(argv[3], nullptr, 10);
  if (first == 0 || count == 0) {
    std::fprintf(stderr, "bench_store_gen: FIRST_MSISDN and COUNT must be positive\n");
    return 2;
  }
  cmr::store::open_options o;
  o.path = path;
  o.snapshot_cache_capacity = 1024;
  auto opened = cmr::store::store::open(o);
  if (!opened) {
    std::fprintf(stderr, "open %s: %s\n", path.c_str(), opened.error().message.c_str());
    return 1;
  }
  auto& s = **opened;
  const auto have = s.subscribers().count();
  if (!have) {
    std::fprintf(stderr, "count: %s\n", have.error().message.c_str());
    return 1;
  }
  if (*have == static_cast<std::int64_t>(count)) {
    std::fprintf(stderr, "%s holds %llu subscribers already\n", path.c_str(),
                 static_cast<unsigned long long>(count));
    return 0;
  }
  if (*have != 0) {
    std::fprintf(stderr, "%s holds %lld subscribers, expected %llu: remove it\n", path.c_str(),
                 static_cast<long long>(*have), static_cast<unsigned long long>(count));
    return 1;
  }
  const auto t0 = std::chrono::steady_clock::now();
  if (auto r = cmr::bench::generate_subscribers(s, first, count); !r) {
    std::fprintf(stderr, "generate: %s\n", r.error().message.c_str());
    return 1;
  }
  std::fprintf(stderr, "generated %llu subscribers into %s in %.1f s\n",
               static_cast<unsigned long long>(count), path.c_str(),
               std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count());
  return 0;
}
