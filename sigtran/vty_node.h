// Private to sigtran/: installs the layers' configuration nodes and show
// commands (common/config_node.h) into libosmovty.
//
// How to add a node: describe it beside the layer that owns it, libosmo-free
// (a typed config struct, and a function returning a config::node whose
// commands fill it and whose write() prints it; in/scp/scp_config_node.cpp is
// an example), then list it in the program's osmo_runtime_options::nodes
// (apps/cmr-server/server_nodes.cpp). A "show" command is a
// config::show_command, usually config::show_status() over a status_slot the
// running service fills. Nothing in sigtran/ changes.
//
// Each node gets a node id of its own after libosmovty's and
// libosmo-sigtran's, in the order installed, which is also the order "show
// running-config" writes them in. One C handler serves every command: it
// finds the description by its cmd_element, hands the arguments over as
// string_views, and turns a refusal into vty_reject() (the file reader then
// names the file, the line and the reason). libosmovty keeps pointers to
// nodes and commands for the process lifetime, so installed descriptions are
// never freed.
#pragma once

#include <string>

#include "common/config_node.h"
#include "common/result.h"
#include "sigtran/osmo_headers.h"

namespace cmr::sigtran {

// Osmo thread, during vty::init(): installs the node, the CONFIG_NODE
// command entering it and its commands. The error names what is wrong.
result<void, std::string> install_config_node(const config::node& n);
// Installs the command into the view and enable nodes.
void install_show_command(const config::show_command& s);

// True for the nodes installed above: vty_config's go_parent callback
// returns them to CONFIG_NODE and hands every other node to libosmo-sigtran.
bool is_daemon_node(int node);

// Returned for a value the syntax accepted but the node cannot use: a hard
// error while reading the file (libosmovty ignores CMD_WARNING there, which
// would let a bad config start), a warning on the telnet VTY.
int vty_reject(struct vty* vty, const char* fmt, ...) __attribute__((format(printf, 2, 3)));
// The message of the last vty_reject() during a file read (then cleared), so
// the config reader can put it next to the file name and line number.
std::string take_file_reject_message();

}  // namespace cmr::sigtran
