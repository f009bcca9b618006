#include "tools/cmr-ssf/log.h"

namespace cmr {
const log_category log_ssf{"DSSF", "gsmSSF / MSC emulator (cmr-ssf)", "\033[1;31m"};
}  // namespace cmr
