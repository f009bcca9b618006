// CMR-1 Login sessions.
#pragma once

#include <string_view>

#include "store/db.h"
#include "store/model.h"
#include "store/statement.h"

namespace cmr::store {

class session_repository {
public:
  explicit session_repository(db& conn);

  // not_found for an unknown subscriber; already_exists for a reused key.
  store_result<void> create(const login_session& s);
  // not_found when unknown or expired at `now`.
  store_result<login_session> find(std::string_view key, timestamp now);
  store_result<void> remove(std::string_view key);
  store_result<std::int64_t> remove_expired(timestamp now);

  enum class stmt : std::size_t { insert, select, remove, remove_expired, count_ };

private:
  db& db_;
  statement_set st_;
};

}  // namespace cmr::store
