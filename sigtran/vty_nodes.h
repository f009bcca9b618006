// Private to sigtran/: install functions of the daemon's VTY nodes, one per
// <name>_vty_node.cpp, called by vty::init() in this order.
#pragma once

#include "sigtran/server_config.h"

namespace cmr::sigtran {

void install_cmr_vty_node(server_config& cfg);
void install_mgmt_vty_node(server_config& cfg);
void install_sigtran_vty_node(server_config& cfg);
void install_sip_vty_node(server_config& cfg);
void install_scp_vty_node(server_config& cfg);
void install_ip_vty_node(server_config& cfg);
void install_decision_vty();

}  // namespace cmr::sigtran
