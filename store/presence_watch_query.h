// The presence watcher's one question to the store: which subscribers have
// a Presence or Location setting (either service). On a reader connection
// of its own (store::open_reader), prepared once, answered in id order.
#pragma once

#include <string>
#include <vector>

#include "store/db.h"
#include "store/statement.h"

namespace cmr::store {

class presence_watch_query {
public:
  explicit presence_watch_query(db& conn);
  store_result<std::vector<std::string>> subscribers();

  enum class stmt : std::size_t { select_users, count_ };

private:
  db& db_;
  statement_set st_;
};

}  // namespace cmr::store
