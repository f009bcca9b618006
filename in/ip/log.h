// The IP log category of this layer: CMR_LOG(ip, ...) (common/log.h).
#pragma once

#include "common/log.h"

namespace cmr {
extern const log_category log_ip;
}  // namespace cmr
