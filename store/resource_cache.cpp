#include "store/resource_cache.h"

#include "store/log.h"

namespace cmr::store {

resource_cache::resource_cache(read_pool& pool, std::size_t capacity)
    : pool_(pool), cache_(capacity, 16) {}

resource_ptr resource_cache::find_resource(std::string_view id) const {
  auto found = cache_.find(id);
  if (found.hit) return found.value;
  auto loaded = pool_.load_resource(id);
  if (!loaded) {
    CMR_LOG(store, error, "cannot load resource %.*s: %s", static_cast<int>(id.size()), id.data(),
            loaded.error().message.c_str());
    return nullptr;
  }
  return cache_.insert_or_get(id, std::move(*loaded), found.generation);
}

void resource_cache::invalidate(std::string_view id) { cache_.erase(id); }

void resource_cache::invalidate_all() { cache_.clear(); }

}  // namespace cmr::store
