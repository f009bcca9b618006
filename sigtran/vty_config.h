// Osmocom VTY configuration for the daemon, read as osmo-stp and osmo-msc do
// (libosmovty), plus the VTY telnet interface. Process-global, like libosmovty
// itself: every function here runs on the osmo thread (bridge::call_on_osmo).
//
// The file may hold the standard "log stderr" / "logging ..." blocks, "line
// vty / bind ADDR [PORT]", "cs7 instance N" (libosmo-sigtran) and the nodes
// the program installs (common/config_node.h; sigtran/vty_node.h explains
// how to add one).
#pragma once

#include <cstdint>
#include <span>
#include <string>

#include "common/config_node.h"
#include "common/result.h"

namespace cmr::sigtran::vty {

struct app_info {
  std::string name;     // "cmr-server": prompt and telnet banner
  std::string version;  // "show version"
  std::string copyright;
};

struct listen_address {
  std::string host;
  std::uint16_t port = 0;
};

// Sets up libosmovty with the logging and cs7/SCCP nodes, then `nodes` (in
// this order, which is also the order "show running-config" writes them in)
// and `shows` (view and enable nodes). Once per process, after
// init_osmo_logging(). What the nodes' handlers refer to (the running
// configuration) must outlive the VTY: process lifetime.
result<void, std::string> init(void* talloc_ctx, const app_info& app,
                               std::span<const config::node> nodes,
                               std::span<const config::show_command> shows);

// Reads an Osmocom .cfg file. The error names the file and, for a rejected
// line, its number and text: "cmr-server.cfg:12: unknown command: 'foo bar'".
result<void, std::string> read_config_file(const std::string& path);

// Opens the telnet VTY on the address of "line vty / bind ADDR [PORT]"
// (default 127.0.0.1 and `default_port`). Port 0 binds a free port; the
// returned address carries the port actually bound.
result<listen_address, std::string> start_telnet(void* talloc_ctx, std::uint16_t default_port);

}  // namespace cmr::sigtran::vty
