// Resource lists (Table 3) and their ordered membership.
#pragma once

#include <cstdint>
#include <string_view>
#include <vector>

#include "store/db.h"
#include "store/model.h"
#include "store/statement.h"

namespace cmr::store {

class resource_list_repository {
public:
  explicit resource_list_repository(db& conn);

  // With its members in the given order (not_found for an unknown resource).
  store_result<void> create(const resource_list& l);
  store_result<resource_list> get(std::string_view id);  // with resource_ids
  // Name, category and the whole membership.
  store_result<void> update(const resource_list& l);
  store_result<void> remove(std::string_view id);
  // Lists of one category, 0 = all (GetResourceList "000000"), by id, with members.
  store_result<std::vector<resource_list>> list(std::uint32_t category = 0);

  // Appends at the end; already_exists when it is a member.
  store_result<void> add_member(std::string_view list_id, std::string_view resource_id);
  store_result<void> remove_member(std::string_view list_id, std::string_view resource_id);
  // The member resources in list order.
  store_result<std::vector<resource>> resources_of(std::string_view list_id);

  enum class stmt : std::size_t {
    insert,
    select,
    update,
    remove,
    list_all,
    list_category,
    members,
    clear_members,
    insert_member,
    append_member,
    remove_member,
    member_resources,
    count_
  };

private:
  store_result<void> write_members(const resource_list& l);
  store_result<void> load_members(resource_list& l);
  store_result<std::vector<resource_list>> read_lists(bound_statement& q);

  db& db_;
  statement_set st_;
};

}  // namespace cmr::store
