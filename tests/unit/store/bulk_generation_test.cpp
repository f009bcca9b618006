// The benchmark data generator: writes 10,000 subscribers (the shape
// tests/bench uses for 1,000,000), checks one of them in full, and prints
// the rate so that the 1M extrapolation can be reported.
#include <chrono>
#include <cstdio>

#include "store_test_util.h"
#include "tests/bench/bench_fixture.h"

namespace cmr::store {
namespace {

TEST(BulkGeneration, TenThousandSubscribersWithFullData) {
  testing::temp_dir dir;
  auto s = testing::open_store(dir.file("bench.db"));
  ASSERT_TRUE(s);
  constexpr std::uint64_t count = 10000;
  const auto start = std::chrono::steady_clock::now();
  auto r = bench::generate_subscribers(*s, 491500000000ULL, count);
  const auto seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  ASSERT_TRUE(r) << r.error().message;
  const double rate = static_cast<double>(count) / seconds;
  std::printf("bulk generation: %llu subscribers in %.2f s = %.0f subscribers/s "
              "(1,000,000 in about %.0f s)\n",
              static_cast<unsigned long long>(count), seconds, rate, 1e6 / rate);
  RecordProperty("subscribers_per_second", static_cast<int>(rate));

  EXPECT_EQ(*s->subscribers().count(), static_cast<std::int64_t>(count));
  auto cached = s->snapshots().find_snapshot("491500004242");
  ASSERT_TRUE(cached);
  const auto snap = cached->expand();
  ASSERT_EQ(snap.groups.size(), 3U);
  for (const auto& g : snap.groups) EXPECT_EQ(g.members.size(), 20U);
  EXPECT_EQ(snap.library.size(), 10U);
  const auto& bt = snap.rules_for(service::cmrbt);
  ASSERT_EQ(bt.settings.size(), 5U);
  for (int t = 0; t < 5; ++t) EXPECT_EQ(static_cast<int>(bt.settings[static_cast<std::size_t>(t)].type), t);
  EXPECT_EQ(bt.default1.size(), 1U);
  EXPECT_EQ(*s->connection().query_int("SELECT count(*) FROM member"),
            static_cast<std::int64_t>(count * 60));
  // Generating the same range again fails and leaves nothing half-written.
  EXPECT_EQ(bench::generate_subscribers(*s, 491500000000ULL, 10).error().what,
            error::code::already_exists);
  EXPECT_EQ(*s->subscribers().count(), static_cast<std::int64_t>(count));
}

}  // namespace
}  // namespace cmr::store
