#include "mgmt/connection_slots.h"

namespace cmr::mgmt {
namespace {

// The address's bytes: a key without formatting.
std::string key_of(const boost::asio::ip::address& a) {
  if (a.is_v4()) {
    const auto b = a.to_v4().to_bytes();
    return {b.begin(), b.end()};
  }
  const auto b = a.to_v6().to_bytes();
  return {b.begin(), b.end()};
}

}  // namespace

connection_slots::verdict connection_slots::admit(const boost::asio::ip::address& from) {
  const std::lock_guard lock(mutex_);
  if (total_ >= max_total_) return verdict::server_full;
  std::uint32_t& mine = per_address_[key_of(from)];
  if (mine >= max_per_address_) {
    if (mine == 0) per_address_.erase(key_of(from));  // max_per_address_ 0: nothing kept
    return verdict::address_full;
  }
  ++mine;
  ++total_;
  return verdict::admitted;
}

void connection_slots::release(const boost::asio::ip::address& from) {
  const std::lock_guard lock(mutex_);
  const auto it = per_address_.find(key_of(from));
  if (it == per_address_.end()) return;
  if (--it->second == 0) per_address_.erase(it);
  --total_;
}

std::uint32_t connection_slots::total() const {
  const std::lock_guard lock(mutex_);
  return total_;
}

}  // namespace cmr::mgmt
