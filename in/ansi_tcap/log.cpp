#include "in/ansi_tcap/log.h"

namespace cmr {
const log_category log_ansi_tcap{"DATCAP", "ANSI TCAP transactions", "\033[0;36m"};
}  // namespace cmr
