#include "mgmt/auth_cache.h"

namespace cmr::mgmt {

auth_cache::auth_cache(std::size_t capacity) : subscribers_(capacity), sessions_(capacity) {}

store::store_result<std::uint64_t> auth_cache::incarnation(store::store& reader, std::string_view id) {
  auto hit = subscribers_.find(id);
  if (hit.hit) return hit.value;
  auto exists = reader.subscribers().exists(id);
  if (!exists) return cmr::unexpected<store::error>{exists.error()};
  if (!*exists) return std::uint64_t{0};
  const std::uint64_t n = next_incarnation_.fetch_add(1, std::memory_order_relaxed);
  // Not stored when the subscriber changed while we read (its generation
  // moved): the next request reads again.
  subscribers_.insert(id, n, hit.generation);
  return n;
}

store::store_result<bool> auth_cache::subscriber_exists(store::store& reader, std::string_view id) {
  auto n = incarnation(reader, id);
  if (!n) return cmr::unexpected<store::error>{n.error()};
  return *n != 0;
}

store::store_result<store::login_session> auth_cache::session(store::store& reader, std::string_view key,
                                                              store::timestamp now) {
  auto hit = sessions_.find(key);
  if (hit.hit) {
    if (hit.value.expires_at <= now) {
      sessions_.erase(key);
      return cmr::unexpected<store::error>{store::error{store::error::code::not_found, "session expired"}};
    }
    auto current = incarnation(reader, hit.value.subscriber_id);
    if (!current) return cmr::unexpected<store::error>{current.error()};
    if (*current == hit.value.incarnation) {
      store::login_session s;
      s.key = std::string(key);
      s.subscriber_id = hit.value.subscriber_id;
      s.expires_at = hit.value.expires_at;
      return s;
    }
    // The subscriber changed since: read the session again.
    sessions_.erase(key);
    hit = sessions_.find(key);
  }
  auto s = reader.sessions().find(key, now);
  if (!s) return s;
  auto n = incarnation(reader, s->subscriber_id);
  if (!n) return cmr::unexpected<store::error>{n.error()};
  if (*n != 0) sessions_.insert(key, {s->subscriber_id, s->expires_at, *n}, hit.generation);
  return s;
}

}  // namespace cmr::mgmt
