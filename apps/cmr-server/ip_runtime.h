// What the server keeps for the ip part while it runs (server_ip.cpp).
#pragma once

namespace cmr::app {

struct ip_runtime {};

}  // namespace cmr::app
