// What the server keeps for the scp part while it runs (server_scp.cpp).
#pragma once

namespace cmr::app {

struct scp_runtime {};

}  // namespace cmr::app
