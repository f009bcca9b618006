#include "mgmt/operation_registry.h"

#include <array>

#include "mgmt/operations/operations.h"

namespace cmr::mgmt {
namespace {

const std::array<const operation_desc*, 18>& table() {
  static const std::array<const operation_desc*, 18> t = {
      &ops::login(),
      &ops::get_resource_list(),
      &ops::subscribe_resource(),
      &ops::add_resource(),
      &ops::resource_management(),
      &ops::resource_list_management(),
      &ops::group_management(),
      &ops::member_management(),
      &ops::presentation_rule(),
      &ops::library_management(),
      &ops::resource_box_management(),
      &ops::service_subscription(),
      &ops::privacy_setting(),
      &ops::presentation_control(),
      &ops::tariff_rule(),
      &ops::system_setting(),
      &ops::presence_update(),
      &ops::location_update(),
  };
  return t;
}

}  // namespace

const operation_desc* find_operation(std::string_view name) {
  for (const operation_desc* d : table())
    if (d->name == name) return d;
  return nullptr;
}

std::span<const operation_desc* const> all_operations() { return table(); }

}  // namespace cmr::mgmt
