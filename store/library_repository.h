// The Personal Resource Library: what each subscriber owns (resources or
// boxes), since when, until when, and how it was obtained.
#pragma once

#include <optional>
#include <string_view>
#include <vector>

#include "store/db.h"
#include "store/model.h"
#include "store/statement.h"

namespace cmr::store {

class library_repository {
public:
  explicit library_repository(db& conn);

  // already_exists when the subscriber owns the item; not_found when the
  // subscriber or the item does not exist. Returns the entry id.
  store_result<std::int64_t> add(const library_entry& e);
  store_result<void> remove(std::string_view subscriber_id, const item_ref& item);
  store_result<library_entry> get(std::string_view subscriber_id, const item_ref& item);
  store_result<std::vector<library_entry>> list(std::string_view subscriber_id);  // by id
  // Sets a new expiry (nullopt: never expires).
  store_result<void> renew(std::string_view subscriber_id, const item_ref& item,
                           std::optional<timestamp> expires_at);

  enum class stmt : std::size_t { insert, remove, select, list, renew, count_ };

private:
  db& db_;
  statement_set st_;
};

}  // namespace cmr::store
