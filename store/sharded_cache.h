// A bounded, thread-safe string-keyed cache: shards chosen by hash, each a
// mutex, a hash map and a CLOCK ring (second-chance eviction: O(1) amortized,
// no list splicing on every hit as LRU would need).
//
// Loads happen outside the lock. To keep a loader from caching data that a
// concurrent invalidation made stale, a miss returns the shard's generation
// and insert() only stores when no invalidation hit the shard since.
#pragma once

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <functional>
#include <mutex>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace cmr::store {

template <class V>
class sharded_cache {
public:
  struct lookup {
    bool hit = false;
    V value{};
    std::uint64_t generation = 0;  // pass to insert() after a miss
  };

  // `capacity` is the number of entries the cache holds without evicting when
  // keys hash uniformly: a shard gets its share plus headroom of four standard
  // deviations of a balls-into-bins load, since a hard share per shard would
  // start evicting (and reloading from SQLite) well before the cache is full.
  explicit sharded_cache(std::size_t capacity, std::size_t shards = 64)
      : shards_(std::max<std::size_t>(1, shards)), per_shard_(shard_capacity(capacity, shards)) {}

  lookup find(std::string_view key) {
    auto& s = shard_for(key);
    const std::lock_guard lk(s.mu);
    auto it = s.index.find(key);
    if (it == s.index.end()) return {false, V{}, s.generation};
    auto& e = s.slots[it->second];
    e.referenced = true;
    return {true, e.value, s.generation};
  }

  // Stores unless the shard was invalidated after the miss that gave `generation`.
  bool insert(std::string_view key, V value, std::uint64_t generation) {
    auto& s = shard_for(key);
    const std::lock_guard lk(s.mu);
    if (s.generation != generation) return false;
    if (auto it = s.index.find(key); it != s.index.end()) {
      s.slots[it->second].value = std::move(value);
      return true;
    }
    std::size_t i = 0;
    if (!s.free.empty()) {
      i = s.free.back();
      s.free.pop_back();
    } else if (s.slots.size() < per_shard_) {
      i = s.slots.size();
      s.slots.emplace_back();
    } else {
      i = evict(s);
    }
    auto& e = s.slots[i];
    e.key.assign(key);
    e.value = std::move(value);
    e.used = true;
    e.referenced = false;
    s.index.emplace(e.key, i);
    return true;
  }

  void erase(std::string_view key) {
    auto& s = shard_for(key);
    const std::lock_guard lk(s.mu);
    ++s.generation;
    auto it = s.index.find(key);
    if (it == s.index.end()) return;
    const auto i = it->second;
    s.index.erase(it);
    release(s, i);
  }

  void clear() {
    for (auto& s : shards_) {
      const std::lock_guard lk(s.mu);
      ++s.generation;
      s.index.clear();
      s.slots.clear();
      s.free.clear();
      s.hand = 0;
    }
  }

  [[nodiscard]] std::size_t size() const {
    std::size_t n = 0;
    for (auto& s : shards_) {
      const std::lock_guard lk(s.mu);
      n += s.index.size();
    }
    return n;
  }

private:
  static std::size_t shard_capacity(std::size_t capacity, std::size_t shards) {
    const double mean =
        static_cast<double>(capacity) / static_cast<double>(std::max<std::size_t>(1, shards));
    return std::max<std::size_t>(1, static_cast<std::size_t>(mean + 4.0 * std::sqrt(mean)) + 1);
  }

  struct entry {
    std::string key;
    V value{};
    bool used = false;
    bool referenced = false;
  };
  struct string_hash {
    using is_transparent = void;
    std::size_t operator()(std::string_view k) const { return std::hash<std::string_view>{}(k); }
  };
  struct shard {
    mutable std::mutex mu;
    std::unordered_map<std::string, std::size_t, string_hash, std::equal_to<>> index;
    std::vector<entry> slots;
    std::vector<std::size_t> free;
    std::size_t hand = 0;
    std::uint64_t generation = 0;
  };

  shard& shard_for(std::string_view key) {
    // Mix the high bits in: the map uses the low bits of the same hash.
    const auto h = std::hash<std::string_view>{}(key);
    return shards_[(h ^ (h >> 29)) % shards_.size()];
  }

  static void release(shard& s, std::size_t i) {
    auto& sl = s.slots[i];
    sl.used = false;
    sl.value = V{};  // drop the reference now, not at reuse
    sl.key.clear();
    s.free.push_back(i);
  }

  // Every slot is used: the first unreferenced one after the hand goes.
  static std::size_t evict(shard& s) {
    for (;;) {
      auto& sl = s.slots[s.hand];
      const auto i = s.hand;
      s.hand = (s.hand + 1) % s.slots.size();
      if (!sl.used) return i;
      if (sl.referenced) {
        sl.referenced = false;
        continue;
      }
      s.index.erase(sl.key);
      sl.used = false;
      return i;
    }
  }

  std::vector<shard> shards_;
  std::size_t per_shard_;
};

}  // namespace cmr::store
