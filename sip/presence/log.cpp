#include "sip/presence/log.h"

namespace cmr {
const log_category log_presence{"DPRES", "Presence watcher (SUBSCRIBE/NOTIFY, PIDF)", "\033[1;36m"};
}  // namespace cmr
