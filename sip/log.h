// The SIP log category of this layer: CMR_LOG(sip, ...) (common/log.h).
#pragma once

#include "common/log.h"

namespace cmr {
extern const log_category log_sip;
}  // namespace cmr
