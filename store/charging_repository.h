// Charging records: the audit trail of every charge. Charges that must be
// checked against a credit limit go through subscriber_repository::add_charge.
#pragma once

#include <string_view>
#include <vector>

#include "store/db.h"
#include "store/model.h"
#include "store/statement.h"

namespace cmr::store {

class charging_repository {
public:
  explicit charging_repository(db& conn);

  // Appends without a credit check (records of calls, zero-priced events).
  store_result<std::int64_t> append(const charging_record& r);
  // Records where the subscriber is beneficiary or payer, oldest first;
  // limit -1: all.
  store_result<std::vector<charging_record>> list_by_subscriber(std::string_view subscriber_id,
                                                                std::int64_t limit = -1);

  enum class stmt : std::size_t { insert, list, count_ };

private:
  db& db_;
  statement_set st_;
};

}  // namespace cmr::store
