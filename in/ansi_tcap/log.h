// The ANSI TCAP log category: CMR_LOG(ansi_tcap, ...) (common/log.h).
#pragma once

#include "common/log.h"

namespace cmr {
extern const log_category log_ansi_tcap;
}  // namespace cmr
