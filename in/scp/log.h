// The SCP log category of this layer: CMR_LOG(scp, ...) (common/log.h).
#pragma once

#include "common/log.h"

namespace cmr {
extern const log_category log_scp;
}  // namespace cmr
