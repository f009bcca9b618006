// Private to sigtran/: the daemon's own top-level VTY config nodes ("cmr",
// later "mgmt", "sip", "scp", "ip"). To add one:
//   1. add an id to vty_node_id below (before end_);
//   2. write sigtran/<name>_vty_node.cpp with its command handlers, a
//      config-write function, and an install function that builds a
//      vty_node and calls add()/add_no() and install();
//   3. declare the install function in sigtran/vty_nodes.h and call it from
//      vty::init() (sigtran/vty_config.cpp).
// libosmovty wants static C structs per command; vty_node owns them in
// stable storage so node files stay short and free of DEFUN macros (which do
// not compile as C++20: their designated initializers are out of order).
#pragma once

#include <deque>
#include <functional>
#include <mutex>
#include <string>

#include "sigtran/osmo_headers.h"

namespace cmr::sigtran {

enum vty_node_id : int {
  cmr_node = _LAST_OSMOVTY_NODE + 1,
  mgmt_node,
  sigtran_node,
  sip_node,
  scp_node,  // scp_vty_node.cpp: SCP service logic (in/scp)
  ip_node,   // ip_vty_node.cpp: the intelligent peripheral (in/ip)
  vty_node_id_end_,
};

// True for the nodes above: vty_config's go_parent callback returns them to
// CONFIG_NODE and hands every other node to libosmo-sigtran.
bool is_daemon_node(int node);
// Whether the node was entered (its "ip", "mgmt", ... line appeared in the
// config file or on the VTY). Osmo thread.
bool node_entered(vty_node_id id);

using vty_command_fn = int (*)(cmd_element*, struct vty*, int, const char*[]);

// Returned by handlers for a value the syntax accepted but the node cannot
// use: a hard error while reading the file (libosmovty ignores CMD_WARNING
// there, which would let a bad config start), a warning on the telnet VTY.
int vty_reject(struct vty* vty, const char* fmt, ...) __attribute__((format(printf, 2, 3)));
// The message of the last vty_reject() during a file read (then cleared), so
// the config reader can put it next to the file name and line number.
std::string take_file_reject_message();

// A "show cmr ..." status command: copies the registered `query` under `mu`
// (the service registers and unregisters it from its own thread), runs it
// and prints its lines; without one prints "% <not_running>" and warns.
int vty_print_status(struct vty* vty, std::mutex& mu, const std::function<std::string()>& query,
                     const char* not_running);

class vty_node {
public:
  // `enter` is the CONFIG_NODE command that enters the node (e.g. "cmr");
  // `write` prints the node for "show running-config" / "write".
  vty_node(vty_node_id id, const char* enter, const char* enter_doc, const char* prompt,
           int (*write)(struct vty*));

  // A command inside the node. `syntax` and `doc` follow libosmovty
  // (one doc line per token, "\n"-terminated); both must be static strings.
  vty_node& add(const char* syntax, const char* doc, vty_command_fn fn);

  // Installs the node, its enter command and all added commands.
  void install();

private:
  vty_node_id id_;
  cmd_node* node_;
  cmd_element* enter_;
  std::deque<cmd_element*> commands_;
};

}  // namespace cmr::sigtran
