// server::start_ip(): placeholder until the ip part is wired.
#include "apps/cmr-server/ip_runtime.h"
#include "apps/cmr-server/server.h"

namespace cmr::app {

result<void, std::string> server::start_ip() { return ok; }

}  // namespace cmr::app
