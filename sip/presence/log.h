// The presence watcher's log category: CMR_LOG(presence, ...) (common/log.h).
#pragma once

#include "common/log.h"

namespace cmr {
extern const log_category log_presence;
}  // namespace cmr
