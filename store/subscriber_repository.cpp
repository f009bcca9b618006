#include "store/subscriber_repository.h"

#include <array>

#include "store/sql_util.h"
#include "store/transaction.h"

namespace cmr::store {
namespace {

using stmt = subscriber_repository::stmt;

constexpr std::array<const char*, static_cast<std::size_t>(stmt::count_)> k_sql = {
    "INSERT INTO subscriber (id, cmrbt, cmrt, status, password_hash, time_zone, privacy, "
    "presence, location, credit_limit, charged) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, "
    "?10, ?11)",
    "SELECT id, cmrbt, cmrt, status, password_hash, time_zone, privacy, presence, location, "
    "credit_limit, charged FROM subscriber WHERE id = ?1",
    "SELECT 1 FROM subscriber WHERE id = ?1",
    "UPDATE subscriber SET cmrbt = ?2, cmrt = ?3, status = ?4, password_hash = ?5, "
    "time_zone = ?6, privacy = ?7, presence = ?8, location = ?9, credit_limit = ?10 "
    "WHERE id = ?1",
    "DELETE FROM subscriber WHERE id = ?1",
    "SELECT count(*) FROM subscriber",
    "UPDATE subscriber SET status = ?2 WHERE id = ?1",
    "UPDATE subscriber SET cmrbt = ?2, cmrt = ?3 WHERE id = ?1",
    "UPDATE subscriber SET password_hash = ?2 WHERE id = ?1",
    "UPDATE subscriber SET time_zone = ?2 WHERE id = ?1",
    "UPDATE subscriber SET privacy = ?2 WHERE id = ?1",
    "UPDATE subscriber SET presence = ?2 WHERE id = ?1",
    "UPDATE subscriber SET location = ?2 WHERE id = ?1",
    "UPDATE subscriber SET credit_limit = ?2 WHERE id = ?1",
    // A subscriber's own limit wins over the system-wide one; neither: no limit.
    "SELECT charged, coalesce(credit_limit, (SELECT CAST(value AS INTEGER) FROM system_setting "
    "WHERE key = 'limit.credit')) FROM subscriber WHERE id = ?1",
    "UPDATE subscriber SET charged = charged + ?2 WHERE id = ?1",
    "INSERT INTO charging_record (at, kind, subscriber_id, payer_id, resource_id, amount, "
    "transaction_id, details) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
};

void bind_fields(bound_statement& s, const subscriber& sub) {
  s.text(1, sub.id)
      .integer(2, sub.cmrbt ? 1 : 0)
      .integer(3, sub.cmrt ? 1 : 0)
      .integer(4, static_cast<std::int64_t>(sub.status))
      .text(5, sub.password_hash)
      .text(6, sub.time_zone)
      .integer(7, static_cast<std::int64_t>(sub.privacy))
      .text(8, sub.presence)
      .text(9, sub.location)
      .opt_integer(10, sub.credit_limit);
}

}  // namespace

subscriber_repository::subscriber_repository(db& conn) : db_(conn), st_(conn, k_sql) {}

store_result<void> subscriber_repository::create(const subscriber& s) {
  return in_transaction(db_, [&]() -> store_result<void> {
    auto q = st_.use(stmt::insert);
    bind_fields(q, s);
    q.integer(11, s.charged);
    if (auto r = q.run(); !r) {
      auto e = r.error();
      if (e.what == error::code::already_exists) e.message = "subscriber " + s.id + " exists";
      return cmr::unexpected<error>{e};
    }
    db_.touch_subscriber(s.id);
    return ok;
  });
}

store_result<subscriber> subscriber_repository::get(std::string_view id) {
  auto lk = db_.lock();
  auto q = st_.use(stmt::select);
  q.text(1, id);
  auto row = q.step();
  if (!row) return cmr::unexpected<error>{row.error()};
  if (!*row) return fail(error::code::not_found, "no subscriber " + std::string(id));
  subscriber s;
  s.id = q.col_text(0);
  s.cmrbt = q.col_int(1) != 0;
  s.cmrt = q.col_int(2) != 0;
  s.status = static_cast<subscriber_status>(q.col_int(3));
  s.password_hash = q.col_text(4);
  s.time_zone = q.col_text(5);
  s.privacy = static_cast<copy_privacy>(q.col_int(6));
  s.presence = q.col_text(7);
  s.location = q.col_text(8);
  s.credit_limit = q.col_opt<money_e4>(9);
  s.charged = q.col_int(10);
  return s;
}

store_result<bool> subscriber_repository::exists(std::string_view id) {
  auto lk = db_.lock();
  auto q = st_.use(stmt::exists);
  q.text(1, id);
  return q.step();
}

store_result<std::int64_t> subscriber_repository::count() {
  auto lk = db_.lock();
  auto q = st_.use(stmt::count);
  CMR_STORE_TRY(q.step());
  return q.col_int(0);
}

store_result<void> subscriber_repository::finish_update(std::string_view id) {
  if (db_.changes() == 0) return fail(error::code::not_found, "no subscriber " + std::string(id));
  db_.touch_subscriber(id);
  return ok;
}

store_result<void> subscriber_repository::update(const subscriber& s) {
  return in_transaction(db_, [&]() -> store_result<void> {
    auto q = st_.use(stmt::update);
    bind_fields(q, s);
    CMR_STORE_TRY(q.run());
    return finish_update(s.id);
  });
}

store_result<void> subscriber_repository::remove(std::string_view id) {
  return in_transaction(db_, [&]() -> store_result<void> {
    auto q = st_.use(stmt::remove);
    q.text(1, id);
    CMR_STORE_TRY(q.run());
    return finish_update(id);
  });
}

store_result<void> subscriber_repository::set_text(stmt which, std::string_view id,
                                                   std::string_view v) {
  return in_transaction(db_, [&]() -> store_result<void> {
    auto q = st_.use(which);
    q.text(1, id).text(2, v);
    CMR_STORE_TRY(q.run());
    return finish_update(id);
  });
}

store_result<void> subscriber_repository::set_int(stmt which, std::string_view id,
                                                  std::optional<std::int64_t> v) {
  return in_transaction(db_, [&]() -> store_result<void> {
    auto q = st_.use(which);
    q.text(1, id).opt_integer(2, v);
    CMR_STORE_TRY(q.run());
    return finish_update(id);
  });
}

store_result<void> subscriber_repository::set_status(std::string_view id, subscriber_status st) {
  return set_int(stmt::set_status, id, static_cast<std::int64_t>(st));
}

store_result<void> subscriber_repository::set_services(std::string_view id, bool cmrbt,
                                                       bool cmrt) {
  return in_transaction(db_, [&]() -> store_result<void> {
    auto q = st_.use(stmt::set_services);
    q.text(1, id).integer(2, cmrbt ? 1 : 0).integer(3, cmrt ? 1 : 0);
    CMR_STORE_TRY(q.run());
    return finish_update(id);
  });
}

store_result<void> subscriber_repository::set_password_hash(std::string_view id,
                                                            std::string_view hash) {
  return set_text(stmt::set_password, id, hash);
}
store_result<void> subscriber_repository::set_time_zone(std::string_view id, std::string_view tz) {
  return set_text(stmt::set_tz, id, tz);
}
store_result<void> subscriber_repository::set_privacy(std::string_view id, copy_privacy p) {
  return set_int(stmt::set_privacy, id, static_cast<std::int64_t>(p));
}
store_result<void> subscriber_repository::set_presence(std::string_view id,
                                                       std::string_view presence) {
  return set_text(stmt::set_presence, id, presence);
}
store_result<void> subscriber_repository::set_location(std::string_view id,
                                                       std::string_view location) {
  return set_text(stmt::set_location, id, location);
}
store_result<void> subscriber_repository::set_credit_limit(std::string_view id,
                                                           std::optional<money_e4> limit) {
  return set_int(stmt::set_credit_limit, id, limit);
}

store_result<std::int64_t> subscriber_repository::add_charge(const charging_record& record) {
  const std::string& payer = record.payer_id.empty() ? record.subscriber_id : record.payer_id;
  return in_transaction(db_, [&]() -> store_result<std::int64_t> {
    {
      auto q = st_.use(stmt::select_credit);
      q.text(1, payer);
      auto row = q.step();
      if (!row) return cmr::unexpected<error>{row.error()};
      if (!*row) return fail(error::code::not_found, "no subscriber " + payer + " to charge");
      const money_e4 charged = q.col_int(0);
      if (record.amount > 0 && !q.is_null(1) && charged + record.amount > q.col_int(1))
        return fail(error::code::credit_limit,
                    "charging " + std::to_string(record.amount) + " to " + payer +
                        " would exceed its credit limit");
    }
    {
      auto q = st_.use(stmt::add_charged);
      q.text(1, payer).integer(2, record.amount);
      CMR_STORE_TRY(q.run());
    }
    auto q = st_.use(stmt::insert_charge);
    q.integer(1, sql::from_time(record.at))
        .text(2, record.kind)
        .text(3, record.subscriber_id)
        .text(4, payer)
        .text(5, record.resource_id)
        .integer(6, record.amount)
        .text(7, record.transaction_id)
        .text(8, record.details);
    CMR_STORE_TRY(q.run());
    const auto id = db_.last_insert_rowid();
    db_.touch_subscriber(payer);
    return id;
  });
}

}  // namespace cmr::store
