// The TCAP log category of this layer: CMR_LOG(tcap, ...) (common/log.h).
#pragma once

#include "common/log.h"

namespace cmr {
extern const log_category log_tcap;
}  // namespace cmr
