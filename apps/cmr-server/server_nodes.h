// What cmr-server installs into the VTY (sigtran/osmo_runtime.h): the
// layers' config nodes, in the order "show running-config" writes them
// (cmr, mgmt, sigtran, sip, scp, ip), and the "show cmr ..." commands over
// the status slots the running services fill.
#pragma once

#include <vector>

#include "apps/cmr-server/server_config.h"
#include "common/config_node.h"
#include "common/status_slot.h"
#include "store/store_config_node.h"

namespace cmr::app {

// Filled while a service runs, emptied before it goes; read by the VTY.
struct status_slots {
  status_slot sigtran;  // ss7_stack_options::status
  status_slot sip;
  status_slot scp;
  status_slot ip;
  status_slot presence;
  status_slot ringback;  // "show cmr ringback"
  store::decision_slot decision;
};

// Process lifetime, like libosmovty's nodes and commands that refer to them:
// the running configuration the VTY edits (osmo thread only) and the slots.
server_config& running_config();
status_slots& status();

std::vector<config::node> server_nodes(server_config& cfg);
std::vector<config::show_command> server_show_commands(status_slots& slots);

// Osmo thread, once the CTRL interface runs: the settings it shows under
// "cmr." that take effect at start only (SET answers "needs a restart"),
// from the configuration the server started with (docs/operations.md).
void add_ctrl_settings(const server_config& cfg);

}  // namespace cmr::app
