#include "store/presentation_rule_repository.h"

#include <array>
#include <string>

#include "store/sql_util.h"
#include "store/transaction.h"

namespace cmr::store {
namespace {

using stmt = presentation_rule_repository::stmt;

constexpr std::array<const char*, static_cast<std::size_t>(stmt::count_)> k_sql = {
    "SELECT 1 FROM subscriber WHERE id = ?1",
    "DELETE FROM preference_setting WHERE subscriber_id = ?1 AND service = ?2",
    "DELETE FROM default_resource WHERE subscriber_id = ?1 AND service = ?2",
    "INSERT INTO preference_setting (subscriber_id, service, position, type, priority) VALUES "
    "(?1, ?2, ?3, ?4, ?5)",
    "INSERT INTO preference_rule (setting_id, position, condition) VALUES (?1, ?2, ?3)",
    "INSERT INTO preference_rule_item (rule_id, position, resource_id, box_id) VALUES "
    "(?1, ?2, ?3, ?4)",
    "INSERT INTO default_resource (subscriber_id, service, slot, position, resource_id, box_id) "
    "VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
    // One query for the whole tree; LEFT JOINs keep settings without rules
    // and rules without items.
    "SELECT s.id, s.type, s.priority, r.id, r.condition, i.resource_id, i.box_id "
    "FROM preference_setting s LEFT JOIN preference_rule r ON r.setting_id = s.id "
    "LEFT JOIN preference_rule_item i ON i.rule_id = r.id "
    "WHERE s.subscriber_id = ?1 AND s.service = ?2 ORDER BY s.position, r.position, i.position",
    "SELECT slot, resource_id, box_id FROM default_resource WHERE subscriber_id = ?1 AND "
    "service = ?2 ORDER BY slot, position",
};

}  // namespace

presentation_rule_repository::presentation_rule_repository(db& conn)
    : db_(conn), st_(conn, k_sql) {}

store_result<void> presentation_rule_repository::require_subscriber(
    std::string_view subscriber_id) {
  auto q = st_.use(stmt::subscriber_exists);
  q.text(1, subscriber_id);
  auto row = q.step();
  if (!row) return cmr::unexpected<error>{row.error()};
  if (!*row) return fail(error::code::not_found, "no subscriber " + std::string(subscriber_id));
  return ok;
}

store_result<void> presentation_rule_repository::clear(std::string_view subscriber_id,
                                                       service svc) {
  for (auto which : {stmt::delete_settings, stmt::delete_defaults}) {
    auto q = st_.use(which);
    q.text(1, subscriber_id).integer(2, static_cast<std::int64_t>(svc));
    CMR_STORE_TRY(q.run());
  }
  return ok;
}

store_result<void> presentation_rule_repository::replace(const presentation_rule& rule) {
  return in_transaction(db_, [&]() -> store_result<void> {
    CMR_STORE_TRY(require_subscriber(rule.subscriber_id));
    CMR_STORE_TRY(clear(rule.subscriber_id, rule.svc));
    return insert_rows(rule);
  });
}

store_result<void> presentation_rule_repository::insert_rows(const presentation_rule& rule) {
  const auto svc = static_cast<std::int64_t>(rule.svc);
  auto named = [](error e, const item_ref& item) {
    if (e.what == error::code::not_found)
      e.message = std::string(item.what == item_ref::kind::resource ? "no resource " : "no box ") +
                  item.id;
    return cmr::unexpected<error>{e};
  };
  std::int64_t setting_pos = 0;
  for (const auto& setting : rule.settings) {
    auto q = st_.use(stmt::insert_setting);
    q.text(1, rule.subscriber_id)
        .integer(2, svc)
        .integer(3, setting_pos++)
        .integer(4, static_cast<std::int64_t>(setting.type))
        .integer(5, setting.priority);
    CMR_STORE_TRY(q.run());
    const auto setting_id = db_.last_insert_rowid();
    std::int64_t rule_pos = 0;
    for (const auto& r : setting.rules) {
      auto rq = st_.use(stmt::insert_rule);
      rq.integer(1, setting_id).integer(2, rule_pos++).text(3, r.condition);
      CMR_STORE_TRY(rq.run());
      const auto rule_id = db_.last_insert_rowid();
      std::int64_t item_pos = 0;
      for (const auto& item : r.items) {
        auto iq = st_.use(stmt::insert_item);
        iq.integer(1, rule_id).integer(2, item_pos++);
        sql::bind_item(iq, 3, item);
        if (auto res = iq.run(); !res) return named(res.error(), item);
      }
    }
  }
  for (std::int64_t slot : {1, 2}) {
    const auto& items = slot == 1 ? rule.default1 : rule.default2;
    std::int64_t pos = 0;
    for (const auto& item : items) {
      auto q = st_.use(stmt::insert_default);
      q.text(1, rule.subscriber_id).integer(2, svc).integer(3, slot).integer(4, pos++);
      sql::bind_item(q, 5, item);
      if (auto res = q.run(); !res) return named(res.error(), item);
    }
  }
  db_.touch_subscriber(rule.subscriber_id);
  return ok;
}

store_result<presentation_rule> presentation_rule_repository::get(std::string_view subscriber_id,
                                                                  service svc) {
  auto lk = db_.lock();
  CMR_STORE_TRY(require_subscriber(subscriber_id));
  presentation_rule out;
  out.subscriber_id = std::string(subscriber_id);
  out.svc = svc;
  {
    auto q = st_.use(stmt::select_settings);
    q.text(1, subscriber_id).integer(2, static_cast<std::int64_t>(svc));
    std::int64_t last_setting = -1;
    std::int64_t last_rule = -1;
    CMR_STORE_TRY(q.each([&](const bound_statement& row) {
      if (row.col_int(0) != last_setting) {
        last_setting = row.col_int(0);
        last_rule = -1;
        preference_setting s;
        s.type = static_cast<presentation_type>(row.col_int(1));
        s.priority = static_cast<std::int32_t>(row.col_int(2));
        out.settings.push_back(std::move(s));
      }
      if (row.is_null(3)) return;
      auto& rules = out.settings.back().rules;
      if (row.col_int(3) != last_rule) {
        last_rule = row.col_int(3);
        rules.push_back(preference_rule{row.col_text(4), {}});
      }
      if (row.is_null(5) && row.is_null(6)) return;
      rules.back().items.push_back(sql::col_item(row, 5));
    }));
  }
  auto q = st_.use(stmt::select_defaults);
  q.text(1, subscriber_id).integer(2, static_cast<std::int64_t>(svc));
  CMR_STORE_TRY(q.each([&](const bound_statement& row) {
    (row.col_int(0) == 1 ? out.default1 : out.default2).push_back(sql::col_item(row, 1));
  }));
  return out;
}

store_result<void> presentation_rule_repository::remove(std::string_view subscriber_id,
                                                        service svc) {
  return in_transaction(db_, [&]() -> store_result<void> {
    CMR_STORE_TRY(require_subscriber(subscriber_id));
    CMR_STORE_TRY(clear(subscriber_id, svc));
    db_.touch_subscriber(subscriber_id);
    return ok;
  });
}

}  // namespace cmr::store
