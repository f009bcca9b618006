// common/histogram.h: observations land in the bucket whose bound is the
// first at or above them (Prometheus' "le"), the sum and count follow, the
// registry lists live histograms only, the quantile estimate interpolates
// inside a bucket as histogram_quantile() does, and bad bounds are refused.
#include "common/histogram.h"

#include <gtest/gtest.h>

#include <chrono>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

namespace cmr {
namespace {

using namespace std::chrono_literals;

constexpr double k_bounds[] = {0.001, 0.01, 0.1};
const histogram_desc k_desc{"test-latency", "Latency under test", "seconds", k_bounds};

bool registered(const histogram& h) {
  bool found = false;
  for_each_histogram([&](const histogram& x) { found = found || &x == &h; });
  return found;
}

TEST(histogram, observations_land_in_the_le_bucket_with_sum_and_count) {
  histogram h{k_desc};
  h.observe(0ns);     // <= 1 ms
  h.observe(1ms);     // exactly on a bound: that bucket (le)
  h.observe(1001us);  // just above: the next
  h.observe(50ms);    // <= 100 ms
  h.observe(2s);      // +Inf
  h.observe(-5ms);    // a clock step backwards counts as 0, never wraps
  const auto s = h.snapshot();
  ASSERT_EQ(s.buckets.size(), 4U);
  EXPECT_EQ(s.buckets[0], 3U);
  EXPECT_EQ(s.buckets[1], 1U);
  EXPECT_EQ(s.buckets[2], 1U);
  EXPECT_EQ(s.buckets[3], 1U);
  EXPECT_EQ(s.count, 6U);
  EXPECT_EQ(s.sum_ns, 1'000'000U + 1'001'000U + 50'000'000U + 2'000'000'000U);
}

TEST(histogram, quantile_interpolates_inside_the_bucket) {
  histogram h{k_desc};
  EXPECT_LT(h.snapshot().quantile(0.5, k_bounds), 0);  // empty: none
  for (int i = 0; i < 10; ++i) h.observe(5ms);         // all in (1 ms, 10 ms]
  const auto s = h.snapshot();
  // Rank 5 of 10 in that bucket: halfway from 1 ms to 10 ms.
  EXPECT_NEAR(s.quantile(0.5, k_bounds), 0.0055, 1e-9);
  EXPECT_NEAR(s.quantile(0.9, k_bounds), 0.0091, 1e-9);
  h.observe(10s);
  // In +Inf only the largest finite bound is known.
  EXPECT_DOUBLE_EQ(h.snapshot().quantile(0.99, k_bounds), 0.1);
}

TEST(histogram, registry_lists_live_histograms_and_text_names_them) {
  const histogram* gone = nullptr;
  {
    histogram a{k_desc, "path", "memory"};
    gone = &a;
    EXPECT_TRUE(registered(a));
    a.observe(2ms);
    const std::string text = histograms_text();
    EXPECT_NE(text.find("test-latency: Latency under test\n  path=memory  count 1  sum 2 ms  "
                        "mean 2 ms  p50 "),
              std::string::npos)
        << text;
  }
  bool still = false;
  for_each_histogram([&](const histogram& x) { still = still || &x == gone; });
  EXPECT_FALSE(still);
}

TEST(histogram, bounds_must_be_ascending_and_present) {
  constexpr double bad[] = {0.01, 0.001};
  const histogram_desc bad_desc{"bad", "bad", "seconds", bad};
  EXPECT_THROW(histogram{bad_desc}, std::logic_error);
  const histogram_desc empty_desc{"empty", "empty", "seconds", {}};
  EXPECT_THROW(histogram{empty_desc}, std::logic_error);
}

TEST(histogram, concurrent_observers_lose_nothing) {
  histogram h{k_desc};
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t)
    threads.emplace_back([&h] {
      for (int i = 0; i < 10000; ++i) h.observe(std::chrono::microseconds(i % 3000));
    });
  for (auto& t : threads) t.join();
  const auto s = h.snapshot();
  EXPECT_EQ(s.count, 40000U);
  std::uint64_t expected = 0;
  for (int i = 0; i < 10000; ++i) expected += static_cast<std::uint64_t>(i % 3000) * 1000;
  EXPECT_EQ(s.sum_ns, 4 * expected);
}

TEST(histogram, readable_seconds_picks_a_unit) {
  EXPECT_EQ(readable_seconds(0.000850), "850 us");
  EXPECT_EQ(readable_seconds(0.0125), "12.5 ms");
  EXPECT_EQ(readable_seconds(1.2), "1.2 s");
}

}  // namespace
}  // namespace cmr
