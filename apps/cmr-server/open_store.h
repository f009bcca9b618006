// The composition root's hook for the SQLite store (DESIGN.md section 4).
#pragma once

#include <memory>
#include <string>

#include "common/result.h"
#include "store/store.h"
#include "store/store_settings.h"

namespace cmr::app {

// Opens (creating or upgrading) the store named by the "cmr" node (database,
// database synchronous, snapshot-cache-size) and seeds the demo catalogue into
// an empty store when "demo-catalogue" is configured. A failure ends start-up:
// the message (naming the file) is printed and the process exits non-zero.
// Runs on the main thread before the io threads start.
result<std::unique_ptr<store::store>, std::string> open_store(const store::store_settings& config);

}  // namespace cmr::app
