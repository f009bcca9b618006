#include "store/charging_repository.h"

#include <array>

#include "store/sql_util.h"
#include "store/transaction.h"

namespace cmr::store {
namespace {

using stmt = charging_repository::stmt;

constexpr std::array<const char*, static_cast<std::size_t>(stmt::count_)> k_sql = {
    "INSERT INTO charging_record (at, kind, subscriber_id, payer_id, resource_id, amount, "
    "transaction_id, details) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
    "SELECT id, at, kind, subscriber_id, payer_id, resource_id, amount, transaction_id, details "
    "FROM charging_record WHERE subscriber_id = ?1 OR payer_id = ?1 ORDER BY id LIMIT ?2",
};

}  // namespace

charging_repository::charging_repository(db& conn) : db_(conn), st_(conn, k_sql) {}

store_result<std::int64_t> charging_repository::append(const charging_record& r) {
  return in_transaction(db_, [&]() -> store_result<std::int64_t> {
    auto q = st_.use(stmt::insert);
    q.integer(1, sql::from_time(r.at))
        .text(2, r.kind)
        .text(3, r.subscriber_id)
        .text(4, r.payer_id.empty() ? r.subscriber_id : r.payer_id)
        .text(5, r.resource_id)
        .integer(6, r.amount)
        .text(7, r.transaction_id)
        .text(8, r.details);
    CMR_STORE_TRY(q.run());
    return db_.last_insert_rowid();
  });
}

store_result<std::vector<charging_record>> charging_repository::list_by_subscriber(
    std::string_view subscriber_id, std::int64_t limit) {
  auto lk = db_.lock();
  auto q = st_.use(stmt::list);
  q.text(1, subscriber_id).integer(2, limit);
  std::vector<charging_record> out;
  CMR_STORE_TRY(q.each([&](const bound_statement& row) {
    charging_record c;
    c.id = row.col_int(0);
    c.at = sql::to_time(row.col_int(1));
    c.kind = row.col_text(2);
    c.subscriber_id = row.col_text(3);
    c.payer_id = row.col_text(4);
    c.resource_id = row.col_text(5);
    c.amount = row.col_int(6);
    c.transaction_id = row.col_text(7);
    c.details = row.col_text(8);
    out.push_back(std::move(c));
  }));
  return out;
}

}  // namespace cmr::store
