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
    "INSERT INTO preference_setting (subscriber_id, service, position, type, priority) VALUES "
    "(?1, ?2, ?3, ?4, ?5)",
    "INSERT INTO preference_rule (setting_id, position, condition) VALUES (?1, ?2, ?3)",
    "INSERT INTO preference_rule_item (rule_id, position, resource_id, box_id) VALUES "
    "(?1, ?2, ?3, ?4)",
    "INSERT INTO default_resource (subscriber_id, service, slot, position, resource_id, box_id) "
    "VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
};

}  // namespace

bulk_loader::bulk_loader(db& conn) : db_(conn), st_(conn, k_sql) {}

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
  const auto svc = static_cast<std::int64_t>(rule.svc);
  std::int64_t setting_pos = 0;
  for (const auto& setting : rule.settings) {
    {
      auto q = st_.use(stmt::setting);
      q.text(1, rule.subscriber_id)
          .integer(2, svc)
          .integer(3, setting_pos++)
          .integer(4, static_cast<std::int64_t>(setting.type))
          .integer(5, setting.priority);
      CMR_STORE_TRY(q.run());
    }
    const auto setting_id = db_.last_insert_rowid();
    std::int64_t rule_pos = 0;
    for (const auto& r : setting.rules) {
      {
        auto q = st_.use(stmt::rule);
        q.integer(1, setting_id).integer(2, rule_pos++).text(3, r.condition);
        CMR_STORE_TRY(q.run());
      }
      const auto rule_id = db_.last_insert_rowid();
      std::int64_t item_pos = 0;
      for (const auto& item : r.items) {
        auto q = st_.use(stmt::item);
        q.integer(1, rule_id).integer(2, item_pos++);
        sql::bind_item(q, 3, item);
        CMR_STORE_TRY(q.run());
      }
    }
  }
  for (std::int64_t slot : {1, 2}) {
    std::int64_t pos = 0;
    for (const auto& item : slot == 1 ? rule.default1 : rule.default2) {
      auto q = st_.use(stmt::default_item);
      q.text(1, rule.subscriber_id).integer(2, svc).integer(3, slot).integer(4, pos++);
      sql::bind_item(q, 5, item);
      CMR_STORE_TRY(q.run());
    }
  }
  return ok;
}

}  // namespace cmr::store
