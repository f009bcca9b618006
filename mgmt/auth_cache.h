// Caches of the authentication lookups every request makes: "does this
// subscriber exist" and "which subscriber does this SessionKey belong to,
// until when". Loads go to the caller's reader view; the store tells the
// cache of every committed change (store::add_observer):
//   - a changed subscriber drops its existence entry; only existing
//     subscribers are cached (a creation needs no invalidation);
//   - a session entry remembers the incarnation of its subscriber's
//     existence entry and counts only while that entry is the same one, so
//     a removed subscriber's sessions (cascaded in the database) stop
//     working at its removal's commit;
//   - expiry is checked on every hit against the session's expires_at.
// There is no logout operation; a new one must erase the key here.
#pragma once

#include <atomic>
#include <cstdint>
#include <string>
#include <string_view>

#include "store/sharded_cache.h"
#include "store/store.h"

namespace cmr::mgmt {

class auth_cache final : public store::change_listener {
public:
  explicit auth_cache(std::size_t capacity = 100000);

  store::store_result<bool> subscriber_exists(store::store& reader, std::string_view id);
  // not_found when unknown or expired at `now`.
  store::store_result<store::login_session> session(store::store& reader, std::string_view key,
                                                    store::timestamp now);
  void forget_session(std::string_view key) { sessions_.erase(key); }

  void subscriber_changed(const std::string& subscriber_id) override { subscribers_.erase(subscriber_id); }
  void all_subscribers_changed() override {
    subscribers_.clear();
    sessions_.clear();
  }
  void resource_changed(const std::string&) override {}

private:
  // The subscriber's existence entry (0: the subscriber does not exist).
  store::store_result<std::uint64_t> incarnation(store::store& reader, std::string_view id);

  struct session_entry {
    std::string subscriber_id;
    store::timestamp expires_at{};
    std::uint64_t incarnation = 0;
  };
  store::sharded_cache<std::uint64_t> subscribers_;
  store::sharded_cache<session_entry> sessions_;
  std::atomic<std::uint64_t> next_incarnation_{1};
};

}  // namespace cmr::mgmt
