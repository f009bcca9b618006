// The MGMT log category of this layer: CMR_LOG(mgmt, ...) (common/log.h).
#pragma once

#include "common/log.h"

namespace cmr {
extern const log_category log_mgmt;
}  // namespace cmr
