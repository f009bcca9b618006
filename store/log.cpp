#include "store/log.h"

namespace cmr {
const log_category log_store{"DSTORE", "SQLite store, schema migrations and repositories",
                             "\033[1;36m"};
const log_category log_decide{"DDECIDE", "Ringing decision engine", "\033[0;36m"};
}  // namespace cmr
