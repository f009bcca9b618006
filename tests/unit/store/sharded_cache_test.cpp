// sharded_cache on its own: the open-addressing table keeps every key
// findable through inserts, erases and evictions, the bound holds, and the
// rules that keep a cache from going back in time (generation check on
// insert, first value stored wins).
#include <gtest/gtest.h>

#include <map>
#include <random>
#include <string>

#include "store/sharded_cache.h"

namespace cmr::store {
namespace {

TEST(ShardedCache, AgreesWithAMapThroughInsertsAndErases) {
  // One shard, so every key collides in the same table and erases shift runs.
  sharded_cache<int> cache(100000, 1);
  std::map<std::string, int> model;
  std::mt19937 rng(7);
  for (int step = 0; step < 20000; ++step) {
    const std::string key = "k" + std::to_string(rng() % 500);
    if (rng() % 3 == 0) {
      cache.erase(key);
      model.erase(key);
    } else {
      auto miss = cache.find(key);
      if (!miss.hit) {
        ASSERT_TRUE(cache.insert(key, step, miss.generation));
        model[key] = step;
      } else {
        ASSERT_EQ(miss.value, model.at(key)) << key;
      }
    }
    if (step % 1000 == 0) {
      for (int k = 0; k < 500; ++k) {
        const std::string key2 = "k" + std::to_string(k);
        const auto found = cache.find(key2);
        const auto it = model.find(key2);
        ASSERT_EQ(found.hit, it != model.end()) << key2 << " at step " << step;
        if (found.hit) {
          ASSERT_EQ(found.value, it->second) << key2;
        }
      }
    }
  }
  EXPECT_EQ(cache.size(), model.size());
}

TEST(ShardedCache, EvictsToItsBoundAndKeepsTheRestFindable) {
  sharded_cache<int> cache(100, 1);  // one shard: 100 + 4 * 10 + 1 = 141 entries
  for (int i = 0; i < 1000; ++i) {
    const std::string key = std::to_string(i);
    auto miss = cache.find(key);
    ASSERT_FALSE(miss.hit);
    ASSERT_TRUE(cache.insert(key, i, miss.generation));
    ASSERT_LE(cache.size(), 141U);
  }
  EXPECT_EQ(cache.size(), 141U);
  int found = 0;
  for (int i = 0; i < 1000; ++i) {
    auto f = cache.find(std::to_string(i));
    if (!f.hit) continue;
    ++found;
    EXPECT_EQ(f.value, i);
  }
  EXPECT_EQ(found, 141);
  // A recently used entry gets a second chance: the next eviction skips it.
  ASSERT_TRUE(cache.find("999").hit);
  auto miss = cache.find("1000");
  ASSERT_TRUE(cache.insert("1000", 1000, miss.generation));
  EXPECT_TRUE(cache.find("999").hit);
  EXPECT_EQ(cache.size(), 141U);
}

TEST(ShardedCache, AnInvalidationSinceTheMissRefusesTheInsert) {
  sharded_cache<int> cache(10, 1);
  auto miss = cache.find("a");
  cache.erase("a");  // a commit touched "a" while its value was loading
  EXPECT_FALSE(cache.insert("a", 1, miss.generation));
  EXPECT_FALSE(cache.find("a").hit);
  EXPECT_EQ(cache.insert_or_get("a", 2, miss.generation), 2);  // the loader's own value
  EXPECT_FALSE(cache.find("a").hit);
  cache.clear();
  auto again = cache.find("a");
  EXPECT_TRUE(cache.insert("a", 3, again.generation));
  EXPECT_EQ(cache.find("a").value, 3);
}

// Two loaders missed the same key at the same generation: one read the
// database after a commit whose invalidation had not run yet (newer), the
// other before it. Whichever stored first, every reader gets that one value
// until the invalidation, never one state and then the other (the cause of a
// rare SnapshotConcurrency.ReadersSeeEveryCommittedWrite failure: the second
// insert replaced a newer value with an older one).
TEST(ShardedCache, TheFirstValueStoredAfterAMissWins) {
  sharded_cache<int> cache(10, 1);
  const auto first = cache.find("a");
  const auto second = cache.find("a");
  EXPECT_EQ(cache.insert_or_get("a", 5, first.generation), 5);
  EXPECT_EQ(cache.insert_or_get("a", 4, second.generation), 5);
  EXPECT_FALSE(cache.insert("a", 4, second.generation));
  EXPECT_EQ(cache.find("a").value, 5);
  cache.erase("a");
  const auto third = cache.find("a");
  EXPECT_EQ(cache.insert_or_get("a", 6, third.generation), 6);
  EXPECT_EQ(cache.find("a").value, 6);
}

}  // namespace
}  // namespace cmr::store
