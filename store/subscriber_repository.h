// Subscribers: identity, services, status, credentials, preferences of the
// subscriber itself, presence/location state and the credit account.
#pragma once

#include <optional>
#include <string_view>

#include "store/db.h"
#include "store/model.h"
#include "store/statement.h"

namespace cmr::store {

// System setting holding the credit limit of subscribers without their own.
inline constexpr const char* k_setting_default_credit_limit = "limit.credit";  // system_settings::k_credit_limit

class subscriber_repository {
public:
  explicit subscriber_repository(db& conn);

  store_result<void> create(const subscriber& s);  // already_exists
  store_result<subscriber> get(std::string_view id);  // not_found
  store_result<bool> exists(std::string_view id);
  // Every field but `charged`, which only add_charge() changes.
  store_result<void> update(const subscriber& s);
  store_result<void> remove(std::string_view id);  // cascades to everything owned
  store_result<std::int64_t> count();

  store_result<void> set_status(std::string_view id, subscriber_status st);
  store_result<void> set_services(std::string_view id, bool cmrbt, bool cmrt);
  store_result<void> set_password_hash(std::string_view id, std::string_view hash);
  store_result<void> set_time_zone(std::string_view id, std::string_view tz);
  store_result<void> set_privacy(std::string_view id, copy_privacy p);
  store_result<void> set_presence(std::string_view id, std::string_view presence);
  store_result<void> set_location(std::string_view id, std::string_view location);
  store_result<void> set_credit_limit(std::string_view id, std::optional<money_e4> limit);

  // Atomically: checks the payer's credit (payer_id, or subscriber_id when
  // empty) against its limit (own, else the system setting, else none), adds
  // the amount to the payer's `charged` and appends the charging record.
  // error::code::credit_limit when the charge would exceed the limit, and
  // nothing is written. Returns the record id.
  store_result<std::int64_t> add_charge(const charging_record& record);

  enum class stmt : std::size_t {
    insert,
    select,
    exists,
    update,
    remove,
    count,
    set_status,
    set_services,
    set_password,
    set_tz,
    set_privacy,
    set_presence,
    set_location,
    set_credit_limit,
    select_credit,
    add_charged,
    insert_charge,
    count_
  };

private:
  store_result<void> set_text(stmt which, std::string_view id, std::string_view v);
  store_result<void> set_int(stmt which, std::string_view id, std::optional<std::int64_t> v);
  store_result<void> finish_update(std::string_view id);

  db& db_;
  statement_set st_;
};

}  // namespace cmr::store
