// The SSF log category of this layer: CMR_LOG(ssf, ...) (common/log.h).
#pragma once

#include "common/log.h"

namespace cmr {
extern const log_category log_ssf;
}  // namespace cmr
