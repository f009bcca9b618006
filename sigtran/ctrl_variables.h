// Private to sigtran/: the "cmr." variables of the CTRL interface
// (sigtran/ctrl_interface.h, docs/operations.md): what GET answers and
// SET changes, on the osmo thread, from what that thread may read: the link
// table, the layers' counter groups (atomics), libosmocore's logging and
// stats state, and the variables the program added.
#pragma once

#include <chrono>
#include <functional>
#include <map>
#include <string>
#include <string_view>

#include "common/result.h"
#include "sigtran/ctrl_interface.h"
#include "sigtran/link_table.h"

namespace cmr::sigtran {

// libosmoctrl's own words for a variable it does not know.
inline constexpr const char* k_ctrl_not_found = "Command not found";

struct ctrl_tree {
  std::string version;                                      // cmr.version
  std::chrono::steady_clock::time_point started;            // cmr.uptime
  const link_table* links = nullptr;                        // cmr.sigtran.*
  std::map<std::string, ctrl_variable, std::less<>> added;  // add_ctrl_variable()
};
// Osmo thread only; never destroyed.
ctrl_tree& ctrl_tree_state();

// A variable starting with "cmr.": its value (GET), or its new value once
// applied (SET); else the reason, which is the CTRL ERROR text.
result<std::string, std::string> ctrl_tree_get(std::string_view var);
result<std::string, std::string> ctrl_tree_set(std::string_view var, std::string_view value);

}  // namespace cmr::sigtran
