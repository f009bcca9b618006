// Start-up of everything libosmo, in the order the libraries need it: talloc
// root and msgb contexts, logging, VTY nodes, the .cfg file, VTY telnet.
// Runs on the osmo thread (bridge::call_on_osmo) once per process.
//
// A program installs the configuration nodes and show commands it uses
// (common/config_node.h), no others: cmr-server the layers' nodes
// (apps/cmr-server/server_nodes.cpp), a SIGTRAN client such as cmr-ssf only
// the sigtran node (sigtran/sigtran_config.h; start_sigtran_client below). The nodes' handlers fill the
// program's running configuration while the file is read (and later on the
// telnet VTY, on the osmo thread); the program copies it out on the osmo
// thread after start_osmo_runtime() returned, in the same call_on_osmo.
#pragma once

#include <cstdint>
#include <cstdio>
#include <string>
#include <vector>

#include "common/config_node.h"
#include "common/result.h"
#include "sigtran/bridge.h"
#include "sigtran/sigtran_config.h"
#include "sigtran/ss7_stack.h"
#include "sigtran/vty_config.h"

namespace cmr::sigtran {

struct osmo_runtime_options {
  vty::app_info app;
  std::string config_file;
  std::uint16_t default_vty_port = 4260;  // DESIGN.md section 11
  // In the order "show running-config" writes them, after libosmo's own.
  std::vector<config::node> nodes;
  std::vector<config::show_command> shows;  // view and enable nodes
};

struct osmo_runtime_info {
  vty::listen_address vty;  // where telnet actually listens (port 0 resolved)
};

result<osmo_runtime_info, std::string> start_osmo_runtime(const osmo_runtime_options& options);

// "--vty-ref-xml", as every Osmocom program: installs the same nodes and show
// commands as start_osmo_runtime (no configuration file, no telnet, no
// counters) and writes libosmovty's XML reference of every node and command
// to `out`. Osmo thread, once per process, instead of start_osmo_runtime.
result<void, std::string> dump_vty_reference(const osmo_runtime_options& options, std::FILE* out);

// A SIGTRAN client process (cmr-ssf, the test peers): the runtime with the
// "sigtran" node and "show cmr sigtran" only (options.nodes and
// options.shows are ignored), started on `br`'s osmo thread from any other
// thread. Returns the options of its ss7_stack: the node's settings as the
// file left them, and the status slot "show cmr sigtran" reads.
result<ss7_stack_options, std::string> start_sigtran_client(bridge& br,
                                                            osmo_runtime_options options);

}  // namespace cmr::sigtran
