#include "store/snapshot_loader.h"

#include <algorithm>
#include <array>

#include "store/presentation_control_repository.h"
#include "store/sql_util.h"

namespace cmr::store {
namespace {

using stmt = snapshot_loader::stmt;

constexpr std::array<const char*, static_cast<std::size_t>(stmt::count_)> k_sql = {
    "BEGIN",
    "COMMIT",
    "ROLLBACK",
    // Everything but the password hash, which a call never needs.
    // ... and the owner's presentation control, if any (columns 10-14).
    "SELECT s.id, s.cmrbt, s.cmrt, s.status, s.time_zone, s.privacy, s.presence, s.location, "
    "s.credit_limit, s.charged, p.copy_keys, p.skip_keys, p.stop_keys, p.forwarded_call, "
    "p.network_announcement FROM subscriber s LEFT JOIN presentation_control p ON "
    "p.subscriber_id = s.id WHERE s.id = ?1",
    "SELECT s.service, s.id, s.type, s.priority, r.id, r.condition, i.resource_id, i.box_id "
    "FROM preference_setting s LEFT JOIN preference_rule r ON r.setting_id = s.id "
    "LEFT JOIN preference_rule_item i ON i.rule_id = r.id "
    "WHERE s.subscriber_id = ?1 ORDER BY s.service, s.position, r.position, i.position",
    "SELECT service, slot, resource_id, box_id FROM default_resource WHERE subscriber_id = ?1 "
    "ORDER BY service, slot, position",
    "SELECT g.group_id, m.member_id FROM cmr_group g LEFT JOIN member m ON "
    "m.subscriber_id = g.subscriber_id AND m.group_id = g.group_id WHERE g.subscriber_id = ?1 "
    "ORDER BY g.group_id, m.member_id",
    "SELECT id, subscriber_id, resource_id, box_id, subscribed_at, expires_at, origin, "
    "from_subscriber FROM library WHERE subscriber_id = ?1 ORDER BY id",
    // The subscriber's own boxes and every box its library, rules or
    // defaults name: the decision engine expands any of them.
    "SELECT b.id, b.owner_id, b.name, b.play_mode, i.resource_id FROM box b "
    "LEFT JOIN box_item i ON i.box_id = b.id WHERE b.id IN ("
    "SELECT id FROM box WHERE owner_id = ?1 "
    "UNION SELECT box_id FROM library WHERE subscriber_id = ?1 AND box_id IS NOT NULL "
    "UNION SELECT box_id FROM default_resource WHERE subscriber_id = ?1 AND box_id IS NOT NULL "
    "UNION SELECT i2.box_id FROM preference_setting s JOIN preference_rule r ON "
    "r.setting_id = s.id JOIN preference_rule_item i2 ON i2.rule_id = r.id WHERE "
    "s.subscriber_id = ?1 AND i2.box_id IS NOT NULL) ORDER BY b.id, i.position",
};

}  // namespace

snapshot_loader::snapshot_loader(db& conn) : db_(conn), st_(conn, k_sql) {}

store_result<snapshot_ptr> snapshot_loader::load(std::string_view subscriber_id) {
  auto lk = db_.lock();
  {
    auto q = st_.use(stmt::begin);
    CMR_STORE_TRY(q.run());
  }
  auto r = load_in_transaction(subscriber_id);
  // A read transaction has nothing to keep: end it either way.
  auto q = st_.use(r ? stmt::commit : stmt::rollback);
  (void)q.run();
  return r;
}

store_result<snapshot_ptr> snapshot_loader::load_in_transaction(std::string_view subscriber_id) {
  auto snap = std::make_unique<subscriber_snapshot>();
  {
    auto q = st_.use(stmt::subscriber);
    q.text(1, subscriber_id);
    auto row = q.step();
    if (!row) return cmr::unexpected<error>{row.error()};
    if (!*row) return snapshot_ptr{};
    auto& s = snap->sub;
    s.id = q.col_text(0);
    s.cmrbt = q.col_int(1) != 0;
    s.cmrt = q.col_int(2) != 0;
    s.status = static_cast<subscriber_status>(q.col_int(3));
    s.time_zone = q.col_text(4);
    s.privacy = static_cast<copy_privacy>(q.col_int(5));
    s.presence = q.col_text(6);
    s.location = q.col_text(7);
    s.credit_limit = q.col_opt<money_e4>(8);
    s.charged = q.col_int(9);
    if (!q.is_null(10)) snap->controls = controls_from_columns(q, 10);
  }
  {
    auto q = st_.use(stmt::settings);
    q.text(1, subscriber_id);
    std::int64_t last_setting = -1;
    std::int64_t last_rule = -1;
    CMR_STORE_TRY(q.each([&](const bound_statement& row) {
      auto& settings = snap->rules[static_cast<std::size_t>(row.col_int(0)) - 1].settings;
      if (row.col_int(1) != last_setting) {
        last_setting = row.col_int(1);
        last_rule = -1;
        preference_setting s;
        s.type = static_cast<presentation_type>(row.col_int(2));
        s.priority = static_cast<std::int32_t>(row.col_int(3));
        settings.push_back(std::move(s));
      }
      if (row.is_null(4)) return;
      auto& rules = settings.back().rules;
      if (row.col_int(4) != last_rule) {
        last_rule = row.col_int(4);
        rules.push_back(preference_rule{row.col_text(5), {}});
      }
      if (row.is_null(6) && row.is_null(7)) return;
      rules.back().items.push_back(sql::col_item(row, 6));
    }));
    // Evaluation order (DESIGN.md section 5): Priority, then presentation
    // type; stable so equal entries keep the order they were written in.
    for (auto& r : snap->rules)
      std::stable_sort(r.settings.begin(), r.settings.end(), [](const auto& a, const auto& b) {
        if (a.priority != b.priority) return a.priority < b.priority;
        return a.type < b.type;
      });
  }
  {
    auto q = st_.use(stmt::defaults);
    q.text(1, subscriber_id);
    CMR_STORE_TRY(q.each([&](const bound_statement& row) {
      auto& rules = snap->rules[static_cast<std::size_t>(row.col_int(0)) - 1];
      (row.col_int(1) == 1 ? rules.default1 : rules.default2).push_back(sql::col_item(row, 2));
    }));
  }
  {
    auto q = st_.use(stmt::groups);
    q.text(1, subscriber_id);
    CMR_STORE_TRY(q.each([&](const bound_statement& row) {
      auto gid = row.col_text(0);
      if (snap->groups.empty() || snap->groups.back().group_id != gid)
        snap->groups.push_back(group_members{std::move(gid), {}});
      if (!row.is_null(1)) snap->groups.back().members.push_back(row.col_text(1));
    }));
  }
  {
    auto q = st_.use(stmt::library);
    q.text(1, subscriber_id);
    CMR_STORE_TRY(q.each([&](const bound_statement& row) {
      library_entry e;
      e.id = row.col_int(0);
      e.subscriber_id = row.col_text(1);
      e.item = sql::col_item(row, 2);
      e.subscribed_at = sql::to_time(row.col_int(4));
      e.expires_at = sql::col_opt_time(row, 5);
      e.origin = static_cast<library_origin>(row.col_int(6));
      e.from_subscriber = row.col_text(7);
      snap->library.push_back(std::move(e));
    }));
  }
  {
    auto q = st_.use(stmt::boxes);
    q.text(1, subscriber_id);
    CMR_STORE_TRY(q.each([&](const bound_statement& row) {
      auto id = row.col_text(0);
      if (snap->boxes.empty() || snap->boxes.back().id != id) {
        resource_box b;
        b.id = std::move(id);
        b.owner_id = row.col_text(1);
        b.name = row.col_text(2);
        b.mode = static_cast<play_mode>(row.col_int(3));
        snap->boxes.push_back(std::move(b));
      }
      if (!row.is_null(4)) snap->boxes.back().resource_ids.push_back(row.col_text(4));
    }));
  }
  return compact(*snap);
}

}  // namespace cmr::store
