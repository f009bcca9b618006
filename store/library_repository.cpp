#include "store/library_repository.h"

#include <array>
#include <string>

#include "store/sql_util.h"
#include "store/transaction.h"

namespace cmr::store {
namespace {

using stmt = library_repository::stmt;

// The item predicate matches the expression index library_by_subscriber.
#define CMR_LIBRARY_ITEM \
  "subscriber_id = ?1 AND ifnull(resource_id, '') = ifnull(?2, '') AND ifnull(box_id, '') = ifnull(?3, '')"
#define CMR_LIBRARY_COLUMNS \
  "id, subscriber_id, resource_id, box_id, subscribed_at, expires_at, origin, from_subscriber"

constexpr std::array<const char*, static_cast<std::size_t>(stmt::count_)> k_sql = {
    "INSERT INTO library (subscriber_id, resource_id, box_id, subscribed_at, expires_at, origin, "
    "from_subscriber) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
    "DELETE FROM library WHERE " CMR_LIBRARY_ITEM,
    "SELECT " CMR_LIBRARY_COLUMNS " FROM library WHERE " CMR_LIBRARY_ITEM,
    "SELECT " CMR_LIBRARY_COLUMNS " FROM library WHERE subscriber_id = ?1 ORDER BY id",
    "UPDATE library SET expires_at = ?4 WHERE " CMR_LIBRARY_ITEM,
};

library_entry read_entry(const bound_statement& q) {
  library_entry e;
  e.id = q.col_int(0);
  e.subscriber_id = q.col_text(1);
  e.item = sql::col_item(q, 2);
  e.subscribed_at = sql::to_time(q.col_int(4));
  e.expires_at = sql::col_opt_time(q, 5);
  e.origin = static_cast<library_origin>(q.col_int(6));
  e.from_subscriber = q.col_text(7);
  return e;
}

std::string describe(std::string_view sub, const item_ref& item) {
  return std::string(item.what == item_ref::kind::resource ? "resource " : "box ") + item.id +
         " in the library of " + std::string(sub);
}

}  // namespace

library_repository::library_repository(db& conn) : db_(conn), st_(conn, k_sql) {}

store_result<std::int64_t> library_repository::add(const library_entry& e) {
  return in_transaction(db_, [&]() -> store_result<std::int64_t> {
    auto q = st_.use(stmt::insert);
    q.text(1, e.subscriber_id);
    sql::bind_item(q, 2, e.item);
    q.integer(4, sql::from_time(e.subscribed_at));
    sql::bind_opt_time(q, 5, e.expires_at);
    q.integer(6, static_cast<std::int64_t>(e.origin)).text(7, e.from_subscriber);
    if (auto r = q.run(); !r) {
      auto err = r.error();
      if (err.what == error::code::already_exists)
        err.message = describe(e.subscriber_id, e.item) + " exists";
      else if (err.what == error::code::not_found)
        err.message = "unknown subscriber or item: " + describe(e.subscriber_id, e.item);
      return cmr::unexpected<error>{err};
    }
    const auto id = db_.last_insert_rowid();
    db_.touch_subscriber(e.subscriber_id);
    return id;
  });
}

store_result<void> library_repository::remove(std::string_view subscriber_id,
                                              const item_ref& item) {
  return in_transaction(db_, [&]() -> store_result<void> {
    auto q = st_.use(stmt::remove);
    q.text(1, subscriber_id);
    sql::bind_item(q, 2, item);
    CMR_STORE_TRY(q.run());
    if (db_.changes() == 0) return fail(error::code::not_found, "no " + describe(subscriber_id, item));
    db_.touch_subscriber(subscriber_id);
    return ok;
  });
}

store_result<library_entry> library_repository::get(std::string_view subscriber_id,
                                                    const item_ref& item) {
  auto lk = db_.lock();
  auto q = st_.use(stmt::select);
  q.text(1, subscriber_id);
  sql::bind_item(q, 2, item);
  auto row = q.step();
  if (!row) return cmr::unexpected<error>{row.error()};
  if (!*row) return fail(error::code::not_found, "no " + describe(subscriber_id, item));
  return read_entry(q);
}

store_result<std::vector<library_entry>> library_repository::list(std::string_view subscriber_id) {
  auto lk = db_.lock();
  auto q = st_.use(stmt::list);
  q.text(1, subscriber_id);
  std::vector<library_entry> out;
  CMR_STORE_TRY(q.each([&](const bound_statement& row) { out.push_back(read_entry(row)); }));
  return out;
}

store_result<void> library_repository::renew(std::string_view subscriber_id, const item_ref& item,
                                             std::optional<timestamp> expires_at) {
  return in_transaction(db_, [&]() -> store_result<void> {
    auto q = st_.use(stmt::renew);
    q.text(1, subscriber_id);
    sql::bind_item(q, 2, item);
    sql::bind_opt_time(q, 4, expires_at);
    CMR_STORE_TRY(q.run());
    if (db_.changes() == 0) return fail(error::code::not_found, "no " + describe(subscriber_id, item));
    db_.touch_subscriber(subscriber_id);
    return ok;
  });
}

}  // namespace cmr::store
