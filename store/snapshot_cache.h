// The snapshot_source the decision engine reads: subscriber snapshots cached
// by id (including "no such subscriber", so calls to non-subscribers do not
// query SQLite every time), loaded through the read pool on a miss, and
// dropped by invalidate() when a committed write touched the subscriber.
//
// Capacity 0 (`snapshot-cache-size 0`) disables the cache: every call loads
// the snapshot from the store.
#pragma once

#include <atomic>
#include <cstdint>
#include <string_view>

#include "common/counters.h"
#include "store/read_pool.h"
#include "store/sharded_cache.h"
#include "store/snapshot.h"

namespace cmr::store {

// On a hit, starts loading the lines of the snapshot a decision reads (the
// slot's hint: the snapshot's size up to 4 KB, the shared_ptr control block
// just before it included) so they arrive together rather than one
// dependent miss after another.
struct snapshot_prefetch {
  void operator()(const snapshot_ptr& p, std::uint32_t hot_bytes) const {
    if (!p) return;
    const auto* b = reinterpret_cast<const char*>(p.get());
    __builtin_prefetch(b - 16);  // the control block
    for (std::uint32_t off = 0; off < hot_bytes; off += 64) __builtin_prefetch(b + off);
    // Keep exactly this form: GCC 12 -O2 dropped every prefetch of this
    // policy (in find() and in prefetch_value()) when one more prefetch of
    // b + hot_bytes - 1 followed the loop, or when the addresses were
    // integers cast to pointers; check the object code after editing.
  }
};

class snapshot_cache final : public snapshot_source {
public:
  snapshot_cache(read_pool& pool, std::size_t capacity);

  [[nodiscard]] snapshot_ptr find_snapshot(std::string_view subscriber_id) const override;
  // A hit only (counted as one); a disabled cache never has it.
  [[nodiscard]] std::optional<snapshot_ptr> find_cached(
      std::string_view subscriber_id) const override;
  // The staged lookup of a batch (sharded_cache.h): the index slot without
  // the lock, then on a hit the snapshot's lines. Misses load nothing here;
  // find_snapshot() loads them as before.
  void prefetch_entry(std::string_view subscriber_id) const override {
    if (enabled_) cache_.prefetch_slot(subscriber_id);
  }
  void prefetch_snapshot(std::string_view subscriber_id) const override {
    if (enabled_) cache_.prefetch_value(subscriber_id);
  }

  void invalidate(std::string_view subscriber_id);
  void invalidate_all();

  [[nodiscard]] bool enabled() const { return enabled_; }
  [[nodiscard]] std::size_t size() const { return cache_.size(); }
  [[nodiscard]] std::uint64_t hits() const { return counters_.hits.load(); }
  [[nodiscard]] std::uint64_t misses() const { return counters_.misses.load(); }

private:
  read_pool& pool_;
  bool enabled_;
  // find_snapshot is const for its callers; filling the cache is not
  // observable to them.
  mutable sharded_cache<snapshot_ptr, snapshot_prefetch> cache_;
  // libosmocore group "cmr_store-snapshots" (common/counters.h).
  struct counters {
    counters();
    counter_group group;
    counter_ref hits{group, "hits"}, misses{group, "misses"};
  };
  mutable counters counters_;
};

}  // namespace cmr::store
