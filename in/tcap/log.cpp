#include "in/tcap/log.h"

namespace cmr {
const log_category log_tcap{"DTCAP", "TCAP dialogues", "\033[0;34m"};
}  // namespace cmr
