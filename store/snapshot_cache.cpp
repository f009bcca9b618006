#include "store/snapshot_cache.h"

#include <algorithm>
#include <string>

#include "store/log.h"

namespace cmr::store {
namespace {

const counter_desc k_counters[] = {
    {"hits", "Subscriber snapshots found in the cache"},
    {"misses", "Subscriber snapshots read from the store (cache miss or cache disabled)"},
};
const counter_group_desc k_desc{"store-snapshots", "Store: subscriber snapshot cache", k_counters};

}  // namespace

snapshot_cache::counters::counters() : group(k_desc) {}

snapshot_cache::snapshot_cache(read_pool& pool, std::size_t capacity)
    : pool_(pool), enabled_(capacity > 0), cache_(capacity) {}

snapshot_ptr snapshot_cache::find_snapshot(std::string_view subscriber_id) const {
  sharded_cache<snapshot_ptr, snapshot_prefetch>::lookup found;
  if (enabled_) {
    found = cache_.find(subscriber_id);
    if (found.hit) {
      ++counters_.hits;
      return found.value;
    }
  }
  ++counters_.misses;
  auto loaded = pool_.load_snapshot(subscriber_id);
  if (!loaded) {
    // Not cached: the next call tries again.
    CMR_LOG(store, error, "cannot load subscriber %.*s: %s",
            static_cast<int>(subscriber_id.size()), subscriber_id.data(),
            loaded.error().message.c_str());
    return nullptr;
  }
  if (!enabled_) return *loaded;
  // The whole snapshot, member numbers included (a group rule reads them
  // first), up to 4 KB.
  const std::uint32_t hot = *loaded ? std::min<std::uint32_t>((*loaded)->size_bytes(), 4096) : 0;
  // A snapshot another loader cached since the miss wins (sharded_cache.h).
  return cache_.insert_or_get(subscriber_id, std::move(*loaded), found.generation, hot);
}

std::optional<snapshot_ptr> snapshot_cache::find_cached(std::string_view subscriber_id) const {
  if (!enabled_) return std::nullopt;
  auto found = cache_.find(subscriber_id);
  if (!found.hit) return std::nullopt;
  ++counters_.hits;
  return std::move(found.value);
}

void snapshot_cache::invalidate(std::string_view subscriber_id) {
  if (enabled_) cache_.erase(subscriber_id);
}

void snapshot_cache::invalidate_all() {
  if (enabled_) cache_.clear();
}

}  // namespace cmr::store
