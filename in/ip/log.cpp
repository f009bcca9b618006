#include "in/ip/log.h"

namespace cmr {
const log_category log_ip{"DIP", "Intelligent peripheral (gsmSRF)", "\033[1;33m"};
}  // namespace cmr
