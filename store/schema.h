// Schema management: the version lives in PRAGMA user_version. A new
// database gets the whole current schema in one step; an older one is brought
// forward one version at a time (osmo-hlr db.c style); a newer one is refused.
#pragma once

#include "store/db.h"

namespace cmr::store {

inline constexpr int k_schema_version = 3;

// Creates or upgrades; refuses a database of an unknown (newer) version or a
// non-empty file without a version (someone else's database).
store_result<void> ensure_schema(db& conn);

// The full current schema (what a fresh database is created from).
const char* current_schema_sql();

}  // namespace cmr::store
