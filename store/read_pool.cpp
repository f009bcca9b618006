#include "store/read_pool.h"

namespace cmr::store {

store_result<std::unique_ptr<read_pool>> read_pool::open(const std::string& path,
                                                         std::size_t size) {
  std::unique_ptr<read_pool> pool(new read_pool());
  for (std::size_t i = 0; i < std::max<std::size_t>(1, size); ++i) {
    db_options opt;
    opt.reader = true;
    auto conn = db::open(path, opt);
    if (!conn) return cmr::unexpected<error>{conn.error()};
    auto r = std::make_unique<reader>();
    r->conn = std::move(*conn);
    r->snapshots = std::make_unique<snapshot_loader>(*r->conn);
    r->resources = std::make_unique<resource_repository>(*r->conn);
    if (!r->conn->prepare_errors().empty())
      return cmr::unexpected<error>{r->conn->prepare_errors().front()};
    pool->readers_.push_back(std::move(r));
  }
  return pool;
}

std::unique_lock<std::mutex> read_pool::acquire(reader*& out) {
  const auto n = readers_.size();
  const auto start = next_.fetch_add(1, std::memory_order_relaxed);
  for (std::size_t k = 0; k < n; ++k) {
    auto& r = *readers_[(start + k) % n];
    std::unique_lock lk(r.mu, std::try_to_lock);
    if (lk.owns_lock()) {
      out = &r;
      return lk;
    }
  }
  auto& r = *readers_[start % n];
  out = &r;
  return std::unique_lock(r.mu);
}

store_result<snapshot_ptr> read_pool::load_snapshot(std::string_view subscriber_id) {
  reader* r = nullptr;
  auto lk = acquire(r);
  return r->snapshots->load(subscriber_id);
}

store_result<resource_ptr> read_pool::load_resource(std::string_view resource_id) {
  reader* r = nullptr;
  auto lk = acquire(r);
  auto res = r->resources->get(resource_id);
  if (!res) {
    if (res.error().what == error::code::not_found) return resource_ptr{};
    return cmr::unexpected<error>{res.error()};
  }
  return resource_ptr(std::make_shared<const resource>(std::move(*res)));
}

}  // namespace cmr::store
