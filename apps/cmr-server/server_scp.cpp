// server::start_scp(): placeholder until the scp part is wired.
#include "apps/cmr-server/scp_runtime.h"
#include "apps/cmr-server/server.h"

namespace cmr::app {

result<void, std::string> server::start_scp() { return ok; }

}  // namespace cmr::app
