#include "store/system_settings.h"

#include <array>
#include <charconv>

#include "store/transaction.h"

namespace cmr::store {
namespace {

using stmt = system_settings::stmt;

constexpr std::array<const char*, static_cast<std::size_t>(stmt::count_)> k_sql = {
    "INSERT INTO system_setting (key, value) VALUES (?1, ?2) "
    "ON CONFLICT (key) DO UPDATE SET value = excluded.value",
    "SELECT value FROM system_setting WHERE key = ?1",
    "DELETE FROM system_setting WHERE key = ?1",
    "SELECT key, value FROM system_setting ORDER BY key",
    "SELECT 1 FROM resource WHERE id = ?1",
};

const char* default_key(service svc) {
  return svc == service::cmrt ? system_settings::k_default_resource_cmrt
                              : system_settings::k_default_resource_cmrbt;
}

}  // namespace

system_settings::system_settings(db& conn) : db_(conn), st_(conn, k_sql) {}

store_result<void> system_settings::set(std::string_view key, std::string_view value) {
  return in_transaction(db_, [&]() -> store_result<void> {
    auto q = st_.use(stmt::upsert);
    q.text(1, key).text(2, value);
    return q.run();
  });
}

store_result<std::optional<std::string>> system_settings::get(std::string_view key) {
  auto lk = db_.lock();
  auto q = st_.use(stmt::select);
  q.text(1, key);
  auto row = q.step();
  if (!row) return cmr::unexpected<error>{row.error()};
  if (!*row) return std::optional<std::string>{};
  return std::optional<std::string>{q.col_text(0)};
}

store_result<void> system_settings::remove(std::string_view key) {
  return in_transaction(db_, [&]() -> store_result<void> {
    auto q = st_.use(stmt::remove);
    q.text(1, key);
    CMR_STORE_TRY(q.run());
    if (db_.changes() == 0) return fail(error::code::not_found, "no setting " + std::string(key));
    return ok;
  });
}

store_result<std::vector<std::pair<std::string, std::string>>> system_settings::list() {
  auto lk = db_.lock();
  auto q = st_.use(stmt::list);
  std::vector<std::pair<std::string, std::string>> out;
  CMR_STORE_TRY(q.each([&](const bound_statement& row) {
    out.emplace_back(row.col_text(0), row.col_text(1));
  }));
  return out;
}

store_result<std::string> system_settings::system_default_resource(service svc) {
  auto v = get(default_key(svc));
  if (!v) return cmr::unexpected<error>{v.error()};
  return v->value_or(std::string{});
}

store_result<void> system_settings::set_system_default_resource(service svc,
                                                                std::string_view resource_id) {
  return in_transaction(db_, [&]() -> store_result<void> {
    if (resource_id.empty()) {
      auto q = st_.use(stmt::remove);
      q.text(1, default_key(svc));
      return q.run();
    }
    {
      auto q = st_.use(stmt::resource_exists);
      q.text(1, resource_id);
      auto row = q.step();
      if (!row) return cmr::unexpected<error>{row.error()};
      if (!*row) return fail(error::code::not_found, "no resource " + std::string(resource_id));
    }
    auto q = st_.use(stmt::upsert);
    q.text(1, default_key(svc)).text(2, resource_id);
    return q.run();
  });
}

store_result<std::int64_t> system_settings::get_int(std::string_view key, std::int64_t fallback) {
  auto v = get(key);
  if (!v) return cmr::unexpected<error>{v.error()};
  if (!*v) return fallback;
  const std::string& s = **v;
  std::int64_t n = 0;
  const auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), n);
  if (ec != std::errc{} || end != s.data() + s.size())
    return fail(error::code::constraint,
                "setting " + std::string(key) + " is not an integer: '" + s + "'");
  return n;
}

store_result<system_limits> system_settings::limits() {
  system_limits l;
  auto credit = get(k_credit_limit);
  if (!credit) return cmr::unexpected<error>{credit.error()};
  if (*credit) {
    auto n = get_int(k_credit_limit, 0);
    if (!n) return cmr::unexpected<error>{n.error()};
    l.credit_limit = *n;
  }
  const std::pair<const char*, std::int64_t*> ints[] = {
      {k_session_ttl, &l.session_ttl_seconds},
      {k_max_library, &l.max_library_entries},
      {k_max_groups, &l.max_groups},
      {k_max_members, &l.max_members_per_group}};
  for (const auto& [key, field] : ints) {
    auto n = get_int(key, *field);
    if (!n) return cmr::unexpected<error>{n.error()};
    *field = *n;
  }
  return l;
}

}  // namespace cmr::store
