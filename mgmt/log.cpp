#include "mgmt/log.h"

namespace cmr {
const log_category log_mgmt{"DMGMT", "Management interfaces CMR-1/5/6/7", "\033[0;33m"};
}  // namespace cmr
