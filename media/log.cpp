#include "media/log.h"

namespace cmr {
const log_category log_media{"DMEDIA", "Media resources, RTP player, HTTP content", "\033[0;35m"};
}  // namespace cmr
