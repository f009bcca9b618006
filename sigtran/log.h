// The SIGTRAN log category of this layer: CMR_LOG(sigtran, ...) (common/log.h).
#pragma once

#include "common/log.h"

namespace cmr {
extern const log_category log_sigtran;
}  // namespace cmr
