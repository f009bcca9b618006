#include "store/bulk_loader.h"

#include <array>

#include "store/sql_util.h"

namespace cmr::store {
namespace {

using stmt = bulk_loader::stmt;

constexpr std::array<const char*, static_cast<std::size_t>(stmt::count_)> k_sql = {
    "INSERT INTO subscriber (id, cmrbt, cmrt, status, password_hash, time_zone, privacy, "
    "presence, location, credit_limit, charged) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, "
    "?10, ?11)",
    "INSERT INTO cmr_group (subscriber_id, group_id, name) VALUES (?1, ?2, ?3)",
    "INSERT INTO member (subscriber_id, group_id, member_id, nickname) VALUES (?1, ?2, ?3, ?4)",
    "INSERT INTO library (subscriber_id, resource_id, box_id, subscribed_at, expires_at, origin, "
    "from_subscriber) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
};

}  // namespace

bulk_loader::bulk_loader(db& conn, presentation_rule_repository& rules)
    : db_(conn), rules_(rules), st_(conn, k_sql) {}

store_result<void> bulk_loader::require_transaction() const {
  if (db_.depth() == 0)
    return fail(error::code::internal, "bulk_loader used outside a transaction");
  return ok;
}

store_result<void> bulk_loader::add_subscriber(const subscriber& s) {
  auto lk = db_.lock();
  CMR_STORE_TRY(require_transaction());
  auto q = st_.use(stmt::subscriber);
  q.text(1, s.id)
      .integer(2, s.cmrbt ? 1 : 0)
      .integer(3, s.cmrt ? 1 : 0)
      .integer(4, static_cast<std::int64_t>(s.status))
      .text(5, s.password_hash)
      .text(6, s.time_zone)
      .integer(7, static_cast<std::int64_t>(s.privacy))
      .text(8, s.presence)
      .text(9, s.location)
      .opt_integer(10, s.credit_limit)
      .integer(11, s.charged);
  CMR_STORE_TRY(q.run());
  db_.touch_subscriber(s.id);
  return ok;
}

store_result<void> bulk_loader::add_group(const group& g, std::span<const member> members) {
  auto lk = db_.lock();
  CMR_STORE_TRY(require_transaction());
  {
    auto q = st_.use(stmt::group);
    q.text(1, g.subscriber_id).text(2, g.group_id).text(3, g.name);
    CMR_STORE_TRY(q.run());
  }
  for (const auto& m : members) {
    auto q = st_.use(stmt::member);
    q.text(1, g.subscriber_id).text(2, g.group_id).text(3, m.member_id).text(4, m.nickname);
    CMR_STORE_TRY(q.run());
  }
  return ok;
}

store_result<void> bulk_loader::add_library_entry(const library_entry& e) {
  auto lk = db_.lock();
  CMR_STORE_TRY(require_transaction());
  auto q = st_.use(stmt::library);
  q.text(1, e.subscriber_id);
  sql::bind_item(q, 2, e.item);
  q.integer(4, sql::from_time(e.subscribed_at));
  sql::bind_opt_time(q, 5, e.expires_at);
  q.integer(6, static_cast<std::int64_t>(e.origin)).text(7, e.from_subscriber);
  return q.run();
}

store_result<void> bulk_loader::add_presentation_rule(const presentation_rule& rule) {
  auto lk = db_.lock();
  CMR_STORE_TRY(require_transaction());
  return rules_.insert_rows(rule);
}

}  // namespace cmr::store
