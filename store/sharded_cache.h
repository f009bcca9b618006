// A bounded, thread-safe string-keyed cache: shards chosen by hash, each a
// mutex, an open-addressing table (linear probing, backward-shift deletion)
// and CLOCK eviction over the table's slots (second chance: O(1) amortized, no
// list splicing on every hit as LRU would need).
//
// A slot holds the full hash, the key and the value in one 64-byte line, so a
// hit at a million entries costs one cache miss in the cache itself (the old
// unordered_map + slot vector cost three: bucket, node, slot). A slot also
// carries a caller-given `hint` that the Prefetch policy receives on a hit:
// the snapshot cache uses it to start fetching the whole snapshot while the
// lock is still held (docs/store.md).
//
// Batches (decision_engine::decide_many) look up in stages so the cache
// misses of several keys overlap on one thread: prefetch_slot() starts
// loading a key's home slot without taking the lock (it reads a copy of the
// table's address kept in atomics; a stale copy only prefetches the wrong
// line), and prefetch_value() takes the lock, probes the now-cached slot and
// hands a hit to the Prefetch policy without copying the value, so a
// shared_ptr's reference count is not touched before its line has arrived.
// Neither changes what find() returns or the CLOCK reference bits.
//
// Loads happen outside the lock. To keep a loader from caching data that a
// concurrent invalidation made stale, a miss returns the shard's generation
// and insert() only stores when no invalidation hit the shard since. When
// two loaders of one key race, the first value stored stays and the second
// loader gets it back from insert_or_get(): both loaded after the same
// generation, so either is current, but handing out both in turn could show
// one reader a newer state and then an older one (the value stored first may
// have been read after a commit whose invalidation has not run yet, the
// second before it).
#pragma once

#include <sys/mman.h>

#include <algorithm>
#include <atomic>
#include <bit>
#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <functional>
#include <mutex>
#include <new>
#include <string>
#include <string_view>
#include <vector>

namespace cmr::store {

// The default Prefetch policy: nothing.
struct no_prefetch {
  template <class V>
  void operator()(const V& /*value*/, std::uint32_t /*hint*/) const {}
};

// Tables of 2 MB and more go on transparent huge pages (madvise: the
// system's default THP mode), so probing a large cache does not also miss
// the TLB on every lookup.
template <class T>
struct huge_page_allocator {
  using value_type = T;
  static constexpr std::size_t k_huge = std::size_t{2} << 20;
  huge_page_allocator() = default;
  template <class U>
  explicit huge_page_allocator(const huge_page_allocator<U>& /*other*/) {}

  T* allocate(std::size_t n) {
    const std::size_t bytes = n * sizeof(T);
    if (bytes < k_huge) return static_cast<T*>(::operator new(bytes, std::align_val_t{alignof(T)}));
    const std::size_t rounded = (bytes + k_huge - 1) / k_huge * k_huge;
    void* p = std::aligned_alloc(k_huge, rounded);
    if (p == nullptr) throw std::bad_alloc();
    (void)::madvise(p, rounded, MADV_HUGEPAGE);  // a hint: without THP, plain pages
    return static_cast<T*>(p);
  }
  void deallocate(T* p, std::size_t n) {
    if (n * sizeof(T) < k_huge)
      ::operator delete(p, std::align_val_t{alignof(T)});
    else
      std::free(p);
  }
  friend bool operator==(const huge_page_allocator&, const huge_page_allocator&) = default;
};

template <class V, class Prefetch = no_prefetch>
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
    const auto h = hash(key);
    auto& s = shard_for(h);
    const std::lock_guard lk(s.mu);
    const auto i = s.position(h, key);
    if (i == npos) return {false, V{}, s.generation};
    auto& e = s.table[i];
    Prefetch{}(e.value, e.hint);
    if (!e.referenced) e.referenced = true;
    return {true, e.value, s.generation};
  }

  // Starts loading the slot `key` would be probed at first. No lock, no wait:
  // cheap enough for a protocol layer to call as soon as it parsed the key.
  void prefetch_slot(std::string_view key) const {
    const auto h = hash(key);
    const auto& s = shard_for(h);
    const auto base = s.base.load(std::memory_order_relaxed);
    if (base == 0) return;
    const auto mask = s.mask_copy.load(std::memory_order_relaxed);
    const auto home = static_cast<std::uintptr_t>(h) & mask;
    // An address computed from a stale (base, mask) pair may lie outside the
    // table: a prefetch never faults, so it only wastes a line. The slot after
    // the home one too: at the load factor of a full cache (up to one half)
    // about a third of the hits probe on into it.
    __builtin_prefetch(reinterpret_cast<const void*>(base + home * sizeof(slot)));
    __builtin_prefetch(reinterpret_cast<const void*>(base + ((home + 1) & mask) * sizeof(slot)));
  }

  // On a hit, passes the value and hint to the Prefetch policy (under the
  // lock, without copying the value). Call it once prefetch_slot()'s line had
  // time to arrive.
  void prefetch_value(std::string_view key) const {
    const auto h = hash(key);
    const auto& s = shard_for(h);
    const std::lock_guard lk(s.mu);
    const auto i = s.position(h, key);
    if (i == npos) return;
    const auto& e = s.table[i];
    Prefetch{}(e.value, e.hint);
  }

  // Stores unless the shard was invalidated after the miss that gave
  // `generation`; a value another loader stored since that miss stays.
  bool insert(std::string_view key, V value, std::uint64_t generation, std::uint32_t hint = 0) {
    bool stored = false;
    (void)insert_or_get(key, std::move(value), generation, hint, &stored);
    return stored;
  }

  // As insert(), and returns what a reader should use: the value already
  // cached for the key if another loader stored one since the miss, else
  // `value` (whether or not it could be stored).
  V insert_or_get(std::string_view key, V value, std::uint64_t generation, std::uint32_t hint = 0,
                  bool* stored = nullptr) {
    const auto h = hash(key);
    auto& s = shard_for(h);
    const std::lock_guard lk(s.mu);
    if (stored != nullptr) *stored = false;
    if (s.generation != generation) return value;
    if (const auto i = s.position(h, key); i != npos) return s.table[i].value;
    if (s.count >= per_shard_) s.evict_one();
    s.grow_for(s.count + 1);
    auto& e = s.table[s.free_position(h)];
    e.hash = h;
    e.key.assign(key);
    e.value = value;
    e.hint = hint;
    e.used = true;
    e.referenced = false;
    ++s.count;
    if (stored != nullptr) *stored = true;
    return value;
  }

  void erase(std::string_view key) {
    const auto h = hash(key);
    auto& s = shard_for(h);
    const std::lock_guard lk(s.mu);
    ++s.generation;
    if (const auto i = s.position(h, key); i != npos) s.remove_at(i);
  }

  void clear() {
    for (auto& s : shards_) {
      const std::lock_guard lk(s.mu);
      ++s.generation;
      s.table.clear();
      s.table.shrink_to_fit();
      s.publish();
      s.count = 0;
      s.hand = 0;
    }
  }

  [[nodiscard]] std::size_t size() const {
    std::size_t n = 0;
    for (auto& s : shards_) {
      const std::lock_guard lk(s.mu);
      n += s.count;
    }
    return n;
  }

private:
  static constexpr std::size_t npos = ~std::size_t{0};

  static std::size_t shard_capacity(std::size_t capacity, std::size_t shards) {
    const double mean =
        static_cast<double>(capacity) / static_cast<double>(std::max<std::size_t>(1, shards));
    return std::max<std::size_t>(1, static_cast<std::size_t>(mean + 4.0 * std::sqrt(mean)) + 1);
  }

  static std::uint64_t hash(std::string_view key) {
    return static_cast<std::uint64_t>(std::hash<std::string_view>{}(key));
  }

  // One line for a shared_ptr value: hash, key (short keys inline), value,
  // flags.
  struct alignas(64) slot {
    std::uint64_t hash = 0;
    std::string key;
    V value{};
    std::uint32_t hint = 0;
    bool used = false;
    bool referenced = false;
  };

  struct shard {
    mutable std::mutex mu;
    std::vector<slot, huge_page_allocator<slot>> table;  // empty or a power of two, at most half full
    std::size_t count = 0;
    std::size_t hand = 0;
    std::uint64_t generation = 0;
    // The table's address and mask for prefetch_slot(), which reads them
    // without the lock; written under the lock whenever the table moves.
    std::atomic<std::uintptr_t> base{0};
    std::atomic<std::uintptr_t> mask_copy{0};

    void publish() {
      base.store(reinterpret_cast<std::uintptr_t>(table.data()), std::memory_order_relaxed);
      mask_copy.store(table.empty() ? 0 : mask(), std::memory_order_relaxed);
    }

    [[nodiscard]] std::size_t mask() const { return table.size() - 1; }
    // The table index a hash starts probing at: the shard was chosen by the
    // high bits, the index uses the low ones.
    [[nodiscard]] std::size_t home(std::uint64_t h) const { return static_cast<std::size_t>(h) & mask(); }

    [[nodiscard]] std::size_t position(std::uint64_t h, std::string_view key) const {
      if (table.empty()) return npos;
      for (std::size_t i = home(h);; i = (i + 1) & mask()) {
        const slot& e = table[i];
        if (!e.used) return npos;
        if (e.hash == h && e.key == key) return i;
      }
    }

    [[nodiscard]] std::size_t free_position(std::uint64_t h) const {
      for (std::size_t i = home(h);; i = (i + 1) & mask())
        if (!table[i].used) return i;
    }

    void grow_for(std::size_t n) {
      if (!table.empty() && n * 2 <= table.size()) return;
      const std::size_t size = std::bit_ceil(std::max<std::size_t>(16, n * 2));
      std::vector<slot, huge_page_allocator<slot>> old(size);
      old.swap(table);
      publish();
      hand = 0;
      for (auto& e : old) {
        if (!e.used) continue;
        table[free_position(e.hash)] = std::move(e);
      }
    }

    // Backward-shift deletion: later entries of the probe run move up, so
    // lookups never need tombstones.
    void remove_at(std::size_t i) {
      table[i] = slot{};
      --count;
      for (std::size_t j = (i + 1) & mask();; j = (j + 1) & mask()) {
        slot& e = table[j];
        if (!e.used) return;
        const std::size_t k = home(e.hash);
        // e may move to i when its home is not in the cyclic range (i, j].
        const bool stays = i <= j ? (i < k && k <= j) : (i < k || k <= j);
        if (stays) continue;
        table[i] = std::move(e);
        e = slot{};
        i = j;
      }
    }

    // The shard is full: the first unreferenced entry after the hand goes.
    void evict_one() {
      for (;;) {
        const std::size_t i = hand;
        slot& e = table[i];
        hand = (hand + 1) & mask();
        if (!e.used) continue;
        if (e.referenced) {
          e.referenced = false;
          continue;
        }
        remove_at(i);
        return;
      }
    }
  };

  shard& shard_for(std::uint64_t h) { return shards_[(h >> 40) % shards_.size()]; }
  const shard& shard_for(std::uint64_t h) const { return shards_[(h >> 40) % shards_.size()]; }

  std::vector<shard> shards_;
  std::size_t per_shard_;
};

}  // namespace cmr::store
