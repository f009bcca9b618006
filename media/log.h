// The MEDIA log category of this layer: CMR_LOG(media, ...) (common/log.h).
#pragma once

#include "common/log.h"

namespace cmr {
extern const log_category log_media;
}  // namespace cmr
