// The repeated-transaction guard: a mutating CMR request whose TransactionId
// was already applied for the same principal is answered 10011 and applies
// nothing. Insert the guard inside the request's own transaction so that the
// guard and the change commit together.
#pragma once

#include <string_view>

#include "store/db.h"
#include "store/model.h"
#include "store/statement.h"

namespace cmr::store {

class applied_transactions {
public:
  explicit applied_transactions(db& conn);

  // true: newly recorded (apply the request); false: it was already there.
  store_result<bool> insert_if_absent(std::string_view principal, std::string_view transaction_id,
                                      timestamp now);
  // Forgets guards older than `before`; returns how many.
  store_result<std::int64_t> purge_before(timestamp before);

  enum class stmt : std::size_t { insert, purge, count_ };

private:
  db& db_;
  statement_set st_;
};

}  // namespace cmr::store
