#include "in/scp/log.h"

namespace cmr {
const log_category log_scp{"DSCP", "SCP service logic", "\033[0;32m"};
}  // namespace cmr
