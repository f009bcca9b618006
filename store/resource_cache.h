// The resource_lookup the decision engine reads: catalogue entries cached by
// id (negative answers too), loaded lazily through the read pool and dropped
// when a committed write changed the resource.
#pragma once

#include <string_view>

#include "store/read_pool.h"
#include "store/sharded_cache.h"
#include "store/snapshot.h"

namespace cmr::store {

class resource_cache final : public resource_lookup {
public:
  resource_cache(read_pool& pool, std::size_t capacity);

  [[nodiscard]] resource_ptr find_resource(std::string_view id) const override;

  void invalidate(std::string_view id);
  void invalidate_all();
  [[nodiscard]] std::size_t size() const { return cache_.size(); }

private:
  read_pool& pool_;
  mutable sharded_cache<resource_ptr> cache_;
};

}  // namespace cmr::store
