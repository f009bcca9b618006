#include "mgmt/reader_pool.h"

#include <algorithm>

namespace cmr::mgmt {

store::store_result<std::unique_ptr<reader_pool>> reader_pool::open(const std::string& path, std::size_t size) {
  std::unique_ptr<reader_pool> pool(new reader_pool());
  for (std::size_t i = 0; i < std::max<std::size_t>(1, size); ++i) {
    auto db = store::store::open_reader(path);
    if (!db) return cmr::unexpected<store::error>{db.error()};
    auto v = std::make_unique<view>();
    v->db = std::move(*db);
    pool->views_.push_back(std::move(v));
  }
  return pool;
}

reader_pool::lease reader_pool::acquire() {
  const auto n = views_.size();
  const auto start = next_.fetch_add(1, std::memory_order_relaxed);
  for (std::size_t k = 0; k < n; ++k) {
    auto& v = *views_[(start + k) % n];
    std::unique_lock lk(v.mu, std::try_to_lock);
    if (lk.owns_lock()) return {v.db.get(), std::move(lk)};
  }
  auto& v = *views_[start % n];
  return {v.db.get(), std::unique_lock(v.mu)};
}

}  // namespace cmr::mgmt
