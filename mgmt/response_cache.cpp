#include "mgmt/response_cache.h"

#include <mutex>

namespace cmr::mgmt {

std::shared_ptr<const response_cache::page> response_cache::find(std::string_view key,
                                                                 store::timestamp now) const {
  std::shared_ptr<const page> p;
  {
    const std::shared_lock lk(mu_);
    const auto it = pages_.find(key);
    if (it != pages_.end()) p = it->second;
  }
  if (p == nullptr || p->generation != generation() || now >= p->fresh_until) {
    misses_.fetch_add(1, std::memory_order_relaxed);
    return nullptr;
  }
  hits_.fetch_add(1, std::memory_order_relaxed);
  return p;
}

void response_cache::put(std::string key, std::shared_ptr<const page> p) {
  const std::unique_lock lk(mu_);
  // Checked under the lock that invalidate() clears under: a page of an
  // older generation can never be stored after the clearing.
  if (p->generation != generation()) return;
  if (pages_.size() >= capacity_ && pages_.find(key) == pages_.end()) pages_.clear();
  pages_.insert_or_assign(std::move(key), std::move(p));
}

void response_cache::invalidate() {
  const std::unique_lock lk(mu_);
  generation_.fetch_add(1, std::memory_order_acq_rel);
  pages_.clear();
}

}  // namespace cmr::mgmt
