#include "sip/log.h"

namespace cmr {
const log_category log_sip{"DSIP", "SIP stack and application server", "\033[1;35m"};
}  // namespace cmr
