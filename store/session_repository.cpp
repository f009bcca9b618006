#include "store/session_repository.h"

#include <array>

#include "store/sql_util.h"
#include "store/transaction.h"

namespace cmr::store {
namespace {

using stmt = session_repository::stmt;

constexpr std::array<const char*, static_cast<std::size_t>(stmt::count_)> k_sql = {
    "INSERT INTO login_session (session_key, subscriber_id, created_at, expires_at) VALUES "
    "(?1, ?2, ?3, ?4)",
    "SELECT session_key, subscriber_id, created_at, expires_at FROM login_session WHERE "
    "session_key = ?1 AND expires_at > ?2",
    "DELETE FROM login_session WHERE session_key = ?1",
    "DELETE FROM login_session WHERE expires_at <= ?1",
};

}  // namespace

session_repository::session_repository(db& conn) : db_(conn), st_(conn, k_sql) {}

store_result<void> session_repository::create(const login_session& s) {
  return in_transaction(db_, [&]() -> store_result<void> {
    auto q = st_.use(stmt::insert);
    q.text(1, s.key)
        .text(2, s.subscriber_id)
        .integer(3, sql::from_time(s.created_at))
        .integer(4, sql::from_time(s.expires_at));
    return q.run();
  });
}

store_result<login_session> session_repository::find(std::string_view key, timestamp now) {
  auto lk = db_.lock();
  auto q = st_.use(stmt::select);
  q.text(1, key).integer(2, sql::from_time(now));
  auto row = q.step();
  if (!row) return cmr::unexpected<error>{row.error()};
  if (!*row) return fail(error::code::not_found, "no valid session for this key");
  return login_session{q.col_text(0), q.col_text(1), sql::to_time(q.col_int(2)),
                       sql::to_time(q.col_int(3))};
}

store_result<void> session_repository::remove(std::string_view key) {
  return in_transaction(db_, [&]() -> store_result<void> {
    auto q = st_.use(stmt::remove);
    q.text(1, key);
    CMR_STORE_TRY(q.run());
    if (db_.changes() == 0) return fail(error::code::not_found, "no such session");
    return ok;
  });
}

store_result<std::int64_t> session_repository::remove_expired(timestamp now) {
  return in_transaction(db_, [&]() -> store_result<std::int64_t> {
    auto q = st_.use(stmt::remove_expired);
    q.integer(1, sql::from_time(now));
    CMR_STORE_TRY(q.run());
    return db_.changes();
  });
}

}  // namespace cmr::store
