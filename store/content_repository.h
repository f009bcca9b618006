// Where a resource's content files are: the upload and its playout
// renditions (media/ writes the files, this records them).
#pragma once

#include <string_view>
#include <vector>

#include "store/db.h"
#include "store/model.h"
#include "store/statement.h"

namespace cmr::store {

class content_repository {
public:
  explicit content_repository(db& conn);

  // Inserts or replaces the (resource_id, kind) file. not_found for an
  // unknown resource; constraint for an unknown kind.
  store_result<void> put(const resource_content& c);
  store_result<resource_content> get(std::string_view resource_id, std::string_view kind);
  store_result<std::vector<resource_content>> list(std::string_view resource_id);  // by kind
  store_result<void> remove(std::string_view resource_id, std::string_view kind);

  enum class stmt : std::size_t { upsert, select, list, remove, count_ };

private:
  db& db_;
  statement_set st_;
};

}  // namespace cmr::store
