// sharded_cache's batch stages: prefetch_value() hands exactly the cached
// value and hint to the Prefetch policy on a hit and nothing on a miss,
// prefetch_slot() is safe on empty, grown and cleared tables and while
// another thread inserts and erases, and neither changes what find() returns
// or which entry the CLOCK evicts.
#include <gtest/gtest.h>

#include <atomic>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include "store/sharded_cache.h"

namespace cmr::store {
namespace {

// Records what the policy was given (one test thread calls it).
std::vector<std::pair<int, std::uint32_t>>& seen() {
  static std::vector<std::pair<int, std::uint32_t>> v;
  return v;
}
struct recording_prefetch {
  void operator()(const int& value, std::uint32_t hint) const { seen().emplace_back(value, hint); }
};

TEST(ShardedCachePrefetch, ValueStageSeesHitsOnly) {
  sharded_cache<int, recording_prefetch> cache(100, 4);
  cache.prefetch_slot("a");  // empty tables: nothing to touch
  cache.prefetch_value("a");
  EXPECT_TRUE(seen().empty());
  ASSERT_TRUE(cache.insert("a", 1, cache.find("a").generation, 640));
  ASSERT_TRUE(cache.insert("b", 2, cache.find("b").generation, 128));
  seen().clear();  // find() on a miss does not call the policy; be sure anyway
  cache.prefetch_slot("a");
  cache.prefetch_value("a");
  cache.prefetch_value("b");
  cache.prefetch_value("c");
  ASSERT_EQ(seen().size(), 2U);
  EXPECT_EQ(seen()[0], std::make_pair(1, 640U));
  EXPECT_EQ(seen()[1], std::make_pair(2, 128U));
  cache.erase("a");
  seen().clear();
  cache.prefetch_value("a");
  EXPECT_TRUE(seen().empty());
  cache.clear();
  cache.prefetch_slot("b");  // the table is gone: the published address is null
  cache.prefetch_value("b");
  EXPECT_TRUE(seen().empty());
  EXPECT_FALSE(cache.find("b").hit);
}

TEST(ShardedCachePrefetch, PrefetchingDoesNotProtectFromEviction) {
  // One shard of six entries (capacity 1 plus headroom); the CLOCK evicts the
  // first unreferenced one.
  auto fill = [](sharded_cache<int>& c) {
    for (int i = 0; i < 4; ++i) {
      const std::string k = "k" + std::to_string(i);
      ASSERT_TRUE(c.insert(k, i, c.find(k).generation));
    }
  };
  sharded_cache<int> plain(1, 1);
  sharded_cache<int> prefetched(1, 1);
  fill(plain);
  fill(prefetched);
  for (int i = 0; i < 4; ++i) {
    prefetched.prefetch_slot("k" + std::to_string(i));
    prefetched.prefetch_value("k" + std::to_string(i));
  }
  for (int i = 4; i < 12; ++i) {
    const std::string k = "k" + std::to_string(i);
    ASSERT_TRUE(plain.insert(k, i, plain.find(k).generation));
    ASSERT_TRUE(prefetched.insert(k, i, prefetched.find(k).generation));
    for (int j = 0; j <= i; ++j) {
      const std::string q = "k" + std::to_string(j);
      ASSERT_EQ(plain.find(q).hit, prefetched.find(q).hit) << q << " after inserting " << k;
    }
  }
}

TEST(ShardedCachePrefetch, SlotStageRacesWithGrowthAndErasure) {
  sharded_cache<int> cache(100000, 2);
  std::atomic<bool> stop{false};
  std::thread writer([&] {
    for (int round = 0; round < 20; ++round) {
      for (int i = 0; i < 2000; ++i) {
        const std::string k = "w" + std::to_string(i);
        (void)cache.insert(k, i, cache.find(k).generation);
      }
      for (int i = 0; i < 2000; i += 2) cache.erase("w" + std::to_string(i));
      if (round % 5 == 4) cache.clear();
    }
    stop = true;
  });
  std::size_t calls = 0;
  while (!stop.load()) {
    for (int i = 0; i < 2000; i += 7) {
      const std::string k = "w" + std::to_string(i);
      cache.prefetch_slot(k);
      cache.prefetch_value(k);
      ++calls;
    }
  }
  writer.join();
  EXPECT_GT(calls, 0U);
  EXPECT_EQ(cache.size(), 0U);  // the last round ended with clear()
  ASSERT_TRUE(cache.insert("z", 9, cache.find("z").generation));
  EXPECT_EQ(cache.find("z").value, 9);
}

}  // namespace
}  // namespace cmr::store
