#include "sigtran/log.h"

namespace cmr {
const log_category log_sigtran{"DSIGTRAN", "SIGTRAN: osmo thread, SS7 instance, SCCP user",
                               "\033[1;34m"};
}  // namespace cmr
