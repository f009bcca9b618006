// The shared resource catalogue (Table 4 + Table 9 + CS announcement id).
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "store/db.h"
#include "store/model.h"
#include "store/statement.h"

namespace cmr::store {

struct resource_filter {
  std::optional<media_type> type;
  std::optional<resource_status> status;
  std::string provider_id;  // empty: any
  std::int64_t limit = -1;  // -1: no limit
  std::int64_t offset = 0;
};

class resource_repository {
public:
  explicit resource_repository(db& conn);

  // announcement_id 0 allocates the next free one (max + 1). Refuses an id
  // already used by a resource or a box (already_exists). Returns the
  // resource as stored.
  store_result<resource> create(const resource& r);
  store_result<resource> get(std::string_view id);
  store_result<resource> find_by_announcement(std::int64_t announcement_id);
  // Replaces every field; announcement_id 0 keeps the current one.
  store_result<void> update(const resource& r);
  // Cascades to list membership, libraries, boxes and rules.
  store_result<void> remove(std::string_view id);
  store_result<std::vector<resource>> list(const resource_filter& f = {});
  store_result<std::int64_t> count();

  enum class stmt : std::size_t {
    insert,
    select,
    select_by_announcement,
    update,
    remove,
    list,
    count,
    next_announcement,
    box_exists,
    count_
  };

private:
  db& db_;
  statement_set st_;
};

// Reads a full resource row in the column order of resource_columns().
resource read_resource(const bound_statement& q);
const char* resource_columns();

}  // namespace cmr::store
