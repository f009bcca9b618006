#include "store/applied_transactions.h"

#include <array>

#include "store/sql_util.h"
#include "store/transaction.h"

namespace cmr::store {
namespace {

using stmt = applied_transactions::stmt;

constexpr std::array<const char*, static_cast<std::size_t>(stmt::count_)> k_sql = {
    "INSERT INTO applied_transaction (principal, transaction_id, applied_at) VALUES (?1, ?2, ?3) "
    "ON CONFLICT DO NOTHING",
    "DELETE FROM applied_transaction WHERE applied_at < ?1",
};

}  // namespace

applied_transactions::applied_transactions(db& conn) : db_(conn), st_(conn, k_sql) {}

store_result<bool> applied_transactions::insert_if_absent(std::string_view principal,
                                                          std::string_view transaction_id,
                                                          timestamp now) {
  return in_transaction(db_, [&]() -> store_result<bool> {
    auto q = st_.use(stmt::insert);
    q.text(1, principal).text(2, transaction_id).integer(3, sql::from_time(now));
    CMR_STORE_TRY(q.run());
    return db_.changes() == 1;
  });
}

store_result<std::int64_t> applied_transactions::purge_before(timestamp before) {
  return in_transaction(db_, [&]() -> store_result<std::int64_t> {
    auto q = st_.use(stmt::purge);
    q.integer(1, sql::from_time(before));
    CMR_STORE_TRY(q.run());
    return db_.changes();
  });
}

}  // namespace cmr::store
