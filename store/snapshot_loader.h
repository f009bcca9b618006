// Builds one subscriber's snapshot from the database with a handful of
// indexed queries inside one read transaction (a consistent view even while
// the writer commits). Used on a reader connection, one thread at a time.
#pragma once

#include <string_view>

#include "store/db.h"
#include "store/snapshot.h"
#include "store/statement.h"

namespace cmr::store {

class snapshot_loader {
public:
  explicit snapshot_loader(db& conn);

  // nullptr when the subscriber does not exist.
  store_result<snapshot_ptr> load(std::string_view subscriber_id);

  enum class stmt : std::size_t {
    begin,
    commit,
    rollback,
    subscriber,
    settings,
    defaults,
    groups,
    library,
    boxes,
    count_
  };

private:
  store_result<snapshot_ptr> load_in_transaction(std::string_view subscriber_id);

  db& db_;
  statement_set st_;
};

}  // namespace cmr::store
