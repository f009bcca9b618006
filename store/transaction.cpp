#include "store/transaction.h"

namespace cmr::store {

transaction::transaction(db& conn, std::unique_lock<std::recursive_mutex> lock)
    : db_(&conn), lock_(std::move(lock)) {}

store_result<transaction> transaction::begin(db& conn) {
  auto lk = conn.lock();
  if (auto r = conn.begin_level(); !r) return cmr::unexpected<error>{r.error()};
  return transaction(conn, std::move(lk));
}

transaction::transaction(transaction&& other) noexcept
    : db_(other.db_), lock_(std::move(other.lock_)), open_(other.open_) {
  other.open_ = false;
}

transaction::~transaction() {
  if (open_) db_->rollback_level();
}

store_result<void> transaction::commit() {
  if (!open_) return fail(error::code::internal, "transaction already finished");
  auto r = db_->commit_level();
  if (!r) {
    // A failed COMMIT leaves the transaction open: roll it back so the
    // connection is usable again, and report the failure.
    db_->rollback_level();
  }
  open_ = false;
  return r;
}

}  // namespace cmr::store
