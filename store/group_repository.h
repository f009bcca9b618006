// Calling/called party groups of a subscriber (Table 12) and their members
// (Table 14). Group ids are strings, unique per subscriber.
#pragma once

#include <string_view>
#include <vector>

#include "store/db.h"
#include "store/model.h"
#include "store/statement.h"

namespace cmr::store {

class group_repository {
public:
  explicit group_repository(db& conn);

  // An empty group_id gets the next free number ("1", "2", ...). Returns the
  // group as stored. not_found for an unknown subscriber.
  store_result<group> create_group(const group& g);
  store_result<group> get_group(std::string_view subscriber_id, std::string_view group_id);
  store_result<void> rename_group(std::string_view subscriber_id, std::string_view group_id,
                                  std::string_view name);
  store_result<void> remove_group(std::string_view subscriber_id, std::string_view group_id);
  store_result<std::vector<group>> list_groups(std::string_view subscriber_id);  // by group_id

  // not_found for an unknown group; already_exists for a present member.
  store_result<void> add_member(std::string_view subscriber_id, std::string_view group_id,
                                const member& m);
  store_result<void> update_member(std::string_view subscriber_id, std::string_view group_id,
                                   const member& m);  // the nickname
  store_result<void> remove_member(std::string_view subscriber_id, std::string_view group_id,
                                   std::string_view member_id);
  store_result<std::vector<member>> list_members(std::string_view subscriber_id,
                                                 std::string_view group_id);  // by member_id
  store_result<bool> is_member(std::string_view subscriber_id, std::string_view group_id,
                               std::string_view member_id);

  enum class stmt : std::size_t {
    insert_group,
    next_group_id,
    select_group,
    rename_group,
    remove_group,
    list_groups,
    insert_member,
    update_member,
    remove_member,
    list_members,
    is_member,
    count_
  };

private:
  store_result<void> require_group(std::string_view subscriber_id, std::string_view group_id);

  db& db_;
  statement_set st_;
};

}  // namespace cmr::store
