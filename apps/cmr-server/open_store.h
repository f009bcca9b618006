// The composition root's hook for the SQLite store (DESIGN.md section 4).
#pragma once

#include <string>

#include "sigtran/server_config.h"
#include "store/result.h"

namespace cmr::app {

// Opens the store named by the "cmr" node (database, database synchronous,
// snapshot-cache-size) and seeds the demo catalogue when "demo-catalogue" is
// configured. A failure ends start-up: the message is printed and the process
// exits non-zero. Runs on the main thread before the io threads start.
result<void, std::string> open_store(const server_config& config);

}  // namespace cmr::app
