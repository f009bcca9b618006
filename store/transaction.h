// RAII write transaction: BEGIN IMMEDIATE (so a conflicting writer is seen at
// the start, not at COMMIT), or a SAVEPOINT when nested inside another. Holds
// the connection's lock for its whole life; rolls back unless committed.
#pragma once

#include <mutex>

#include "store/db.h"

namespace cmr::store {

class transaction {
public:
  static store_result<transaction> begin(db& conn);
  transaction(transaction&& other) noexcept;
  transaction& operator=(transaction&&) = delete;
  transaction(const transaction&) = delete;
  ~transaction();

  store_result<void> commit();

private:
  transaction(db& conn, std::unique_lock<std::recursive_mutex> lock);
  db* db_;
  std::unique_lock<std::recursive_mutex> lock_;
  bool open_ = true;
};

// Runs f() (returning store_result<T>) inside a transaction; commits when it
// succeeded, rolls back otherwise.
template <class F>
auto in_transaction(db& conn, F&& f) -> decltype(f()) {
  auto tx = transaction::begin(conn);
  if (!tx) return cmr::unexpected<error>{tx.error()};
  auto r = f();
  if (!r) return r;
  if (auto c = tx->commit(); !c) return cmr::unexpected<error>{c.error()};
  return r;
}

}  // namespace cmr::store
