// Start-up of everything libosmo, in the order the libraries need it: talloc
// root and msgb contexts, logging, VTY nodes, the .cfg file, VTY telnet.
// Runs on the osmo thread (bridge::call_on_osmo) once per process.
#pragma once

#include <cstdint>
#include <string>

#include "sigtran/server_config.h"
#include "sigtran/vty_config.h"
#include "common/result.h"

namespace cmr::sigtran {

struct osmo_runtime_options {
  vty::app_info app;
  std::string config_file;
  std::uint16_t default_vty_port = 4260;  // DESIGN.md section 11
};

struct osmo_runtime_info {
  server_config config;      // a copy of the running config after the file was read
  vty::listen_address vty;  // where telnet actually listens (port 0 resolved)
};

result<osmo_runtime_info, std::string> start_osmo_runtime(const osmo_runtime_options& options);

}  // namespace cmr::sigtran
