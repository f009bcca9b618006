// Resource boxes: a subscriber's ordered set of resources played randomly or
// in sequence. A box id never equals a resource id (one namespace).
#pragma once

#include <string_view>
#include <vector>

#include "store/db.h"
#include "store/model.h"
#include "store/statement.h"

namespace cmr::store {

class box_repository {
public:
  explicit box_repository(db& conn);

  // already_exists for an id of a box or a resource; not_found for an
  // unknown owner or resource.
  store_result<void> create(const resource_box& b);
  store_result<resource_box> get(std::string_view id);
  // Name, play mode and the whole item list (the owner stays).
  store_result<void> update(const resource_box& b);
  store_result<void> remove(std::string_view id);
  store_result<std::vector<resource_box>> list_by_owner(std::string_view owner_id);  // by id

  enum class stmt : std::size_t {
    insert,
    select,
    update,
    remove,
    list_by_owner,
    items,
    clear_items,
    insert_item,
    resource_exists,
    users,
    count_
  };

private:
  store_result<void> write_items(const resource_box& b);
  store_result<void> load_items(resource_box& b);
  // Owner and every subscriber whose library, rules or defaults name the box.
  store_result<void> touch_users(std::string_view id);

  db& db_;
  statement_set st_;
};

}  // namespace cmr::store
