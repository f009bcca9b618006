#include "store/tariff_repository.h"

#include <array>
#include <string>

#include "store/sql_util.h"
#include "store/transaction.h"

namespace cmr::store {
namespace {

using stmt = tariff_repository::stmt;

#define CMR_TARIFF_COLUMNS \
  "id, description, list_category, resource_id, price, discount_percent, valid_from, valid_until"

constexpr std::array<const char*, static_cast<std::size_t>(stmt::count_)> k_sql = {
    "INSERT INTO tariff_rule (" CMR_TARIFF_COLUMNS ") VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
    "SELECT " CMR_TARIFF_COLUMNS " FROM tariff_rule WHERE id = ?1",
    "UPDATE tariff_rule SET description = ?2, list_category = ?3, resource_id = ?4, price = ?5, "
    "discount_percent = ?6, valid_from = ?7, valid_until = ?8 WHERE id = ?1",
    "DELETE FROM tariff_rule WHERE id = ?1",
    "SELECT " CMR_TARIFF_COLUMNS " FROM tariff_rule ORDER BY id",
};

void bind_fields(bound_statement& q, const tariff_rule& t) {
  q.text(1, t.id)
      .text(2, t.description)
      .opt_integer(3, t.list_category)
      .text_or_null(4, t.resource_id)
      .opt_integer(5, t.price)
      .opt_integer(6, t.discount_percent);
  sql::bind_opt_time(q, 7, t.valid_from);
  sql::bind_opt_time(q, 8, t.valid_until);
}

tariff_rule read_rule(const bound_statement& q) {
  tariff_rule t;
  t.id = q.col_text(0);
  t.description = q.col_text(1);
  t.list_category = q.col_opt<std::uint32_t>(2);
  t.resource_id = q.col_text(3);
  t.price = q.col_opt<money_e4>(4);
  t.discount_percent = q.col_opt<std::uint32_t>(5);
  t.valid_from = sql::col_opt_time(q, 6);
  t.valid_until = sql::col_opt_time(q, 7);
  return t;
}

}  // namespace

tariff_repository::tariff_repository(db& conn) : db_(conn), st_(conn, k_sql) {}

store_result<void> tariff_repository::create(const tariff_rule& t) {
  return in_transaction(db_, [&]() -> store_result<void> {
    auto q = st_.use(stmt::insert);
    bind_fields(q, t);
    return q.run();
  });
}

store_result<tariff_rule> tariff_repository::get(std::string_view id) {
  auto lk = db_.lock();
  auto q = st_.use(stmt::select);
  q.text(1, id);
  auto row = q.step();
  if (!row) return cmr::unexpected<error>{row.error()};
  if (!*row) return fail(error::code::not_found, "no tariff rule " + std::string(id));
  return read_rule(q);
}

store_result<void> tariff_repository::update(const tariff_rule& t) {
  return in_transaction(db_, [&]() -> store_result<void> {
    auto q = st_.use(stmt::update);
    bind_fields(q, t);
    CMR_STORE_TRY(q.run());
    if (db_.changes() == 0) return fail(error::code::not_found, "no tariff rule " + t.id);
    return ok;
  });
}

store_result<void> tariff_repository::remove(std::string_view id) {
  return in_transaction(db_, [&]() -> store_result<void> {
    auto q = st_.use(stmt::remove);
    q.text(1, id);
    CMR_STORE_TRY(q.run());
    if (db_.changes() == 0) return fail(error::code::not_found, "no tariff rule " + std::string(id));
    return ok;
  });
}

store_result<std::vector<tariff_rule>> tariff_repository::list() {
  auto lk = db_.lock();
  auto q = st_.use(stmt::list);
  std::vector<tariff_rule> out;
  CMR_STORE_TRY(q.each([&](const bound_statement& row) { out.push_back(read_rule(row)); }));
  return out;
}

}  // namespace cmr::store
