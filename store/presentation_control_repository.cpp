#include "store/presentation_control_repository.h"

#include <array>
#include <string>

#include "store/sql_util.h"
#include "store/transaction.h"

namespace cmr::store {
namespace {

using stmt = presentation_control_repository::stmt;

constexpr std::array<const char*, static_cast<std::size_t>(stmt::count_)> k_sql = {
    "SELECT 1 FROM subscriber WHERE id = ?1",
    "INSERT INTO presentation_control (subscriber_id, copy_keys, skip_keys, stop_keys, "
    "forwarded_call, network_announcement) VALUES (?1, ?2, ?3, ?4, ?5, ?6) "
    "ON CONFLICT (subscriber_id) DO UPDATE SET copy_keys = excluded.copy_keys, "
    "skip_keys = excluded.skip_keys, stop_keys = excluded.stop_keys, "
    "forwarded_call = excluded.forwarded_call, network_announcement = excluded.network_announcement",
    "SELECT copy_keys, skip_keys, stop_keys, forwarded_call, network_announcement "
    "FROM presentation_control WHERE subscriber_id = ?1",
    "DELETE FROM presentation_control WHERE subscriber_id = ?1",
};

}  // namespace

ringback::controls controls_from_columns(const bound_statement& q, int first) {
  ringback::controls c;
  c.copy_keys = q.col_text(first);
  c.skip_keys = q.col_text(first + 1);
  c.stop_keys = q.col_text(first + 2);
  c.on_forward = static_cast<ringback::forward_policy>(q.col_int(first + 3));
  c.on_announcement = static_cast<ringback::announcement_policy>(q.col_int(first + 4));
  c.from_subscriber = true;
  return c;
}

presentation_control_repository::presentation_control_repository(db& conn)
    : db_(conn), st_(conn, k_sql) {}

store_result<void> presentation_control_repository::require_subscriber(std::string_view subscriber_id) {
  auto q = st_.use(stmt::subscriber_exists);
  q.text(1, subscriber_id);
  auto row = q.step();
  if (!row) return cmr::unexpected<error>{row.error()};
  if (!*row) return fail(error::code::not_found, "no subscriber " + std::string(subscriber_id));
  return ok;
}

store_result<std::optional<ringback::controls>> presentation_control_repository::get(
    std::string_view subscriber_id) {
  auto lk = db_.lock();
  CMR_STORE_TRY(require_subscriber(subscriber_id));
  auto q = st_.use(stmt::select);
  q.text(1, subscriber_id);
  auto row = q.step();
  if (!row) return cmr::unexpected<error>{row.error()};
  if (!*row) return std::optional<ringback::controls>{};
  return std::optional<ringback::controls>{controls_from_columns(q, 0)};
}

store_result<void> presentation_control_repository::set(std::string_view subscriber_id,
                                                        const ringback::controls& c) {
  for (const std::string* keys : {&c.copy_keys, &c.skip_keys, &c.stop_keys})
    if (!ringback::valid_keys(*keys)) return fail(error::code::constraint, "bad keys '" + *keys + "'");
  return in_transaction(db_, [&]() -> store_result<void> {
    CMR_STORE_TRY(require_subscriber(subscriber_id));
    auto q = st_.use(stmt::upsert);
    q.text(1, subscriber_id)
        .text(2, c.copy_keys)
        .text(3, c.skip_keys)
        .text(4, c.stop_keys)
        .integer(5, static_cast<std::int64_t>(c.on_forward))
        .integer(6, static_cast<std::int64_t>(c.on_announcement));
    CMR_STORE_TRY(q.run());
    db_.touch_subscriber(subscriber_id);
    return ok;
  });
}

store_result<void> presentation_control_repository::remove(std::string_view subscriber_id) {
  return in_transaction(db_, [&]() -> store_result<void> {
    CMR_STORE_TRY(require_subscriber(subscriber_id));
    auto q = st_.use(stmt::remove);
    q.text(1, subscriber_id);
    CMR_STORE_TRY(q.run());
    db_.touch_subscriber(subscriber_id);
    return ok;
  });
}

}  // namespace cmr::store
