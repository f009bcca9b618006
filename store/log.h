// The log categories of the store layer: CMR_LOG(store, ...) for SQLite, the
// schema and the repositories, CMR_LOG(decide, ...) for the ringing decision
// engine (common/log.h).
#pragma once

#include "common/log.h"

namespace cmr {
extern const log_category log_store;
extern const log_category log_decide;
}  // namespace cmr
