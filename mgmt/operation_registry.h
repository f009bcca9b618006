// The table of every CMR operation, looked up by the name in the URL.
#pragma once

#include <span>
#include <string_view>

#include "mgmt/operation.h"

namespace cmr::mgmt {

const operation_desc* find_operation(std::string_view name);
std::span<const operation_desc* const> all_operations();

}  // namespace cmr::mgmt
