// cmr-server's configuration: each layer's typed settings, filled by the
// layer's own config node, plus what belongs to the daemon itself
// (io-threads). The nodes edit the running configuration on the osmo thread
// (apps/cmr-server/server_nodes.h); the server works on a copy taken after
// the file was read. Defaults are the layers' (DESIGN.md section 11).
#pragma once

#include <set>
#include <string>

#include "common/ringback_control.h"
#include "in/ip/ip_settings.h"
#include "in/scp/scp_settings.h"
#include "mgmt/mgmt_settings.h"
#include "sigtran/ctrl_interface.h"
#include "sigtran/sigtran_config.h"
#include "sip/as/sip_settings.h"
#include "sip/presence/presence_settings.h"
#include "store/store_settings.h"

namespace cmr::app {

struct server_config {
  // The "cmr" node: the store's settings and the daemon's own.
  store::store_settings store;
  // cmr / io-threads N: threads running the Boost.Asio io_context.
  unsigned io_threads = 2;
  mgmt::mgmt_settings mgmt;         // "mgmt" (mgmt/mgmt_config_node.h)
  sigtran::sigtran_config sigtran;  // "sigtran" (sigtran/sigtran_config.h)
  sigtran::ctrl_settings ctrl;      // "ctrl" (sigtran/ctrl_interface.h)
  sip::as::sip_settings sip;        // "sip" (sip/as/sip_config_node.h)
  in::scp::scp_settings scp;        // "scp" (in/scp/scp_config_node.h)
  in::ip::ip_settings ip;           // "ip" (in/ip/ip_config_node.h)
  sip::presence::presence_settings presence;  // "presence-watcher" (sip/presence/presence_config_node.h)
  // "presentation-control" (apps/cmr-server/presentation_node.h): keys
  // during the ringback, on-line copy, event rules.
  ringback::presentation_settings presentation;
  // The daemon nodes entered so far (file or telnet), by name.
  std::set<std::string> entered;

  // The only daemon nodes were "cmr", "sigtran" and "ip" (no "mgmt", "sip"
  // or "scp"): cmr-server runs just the intelligent peripheral
  // (configs/ip-standalone.cfg, docs/configuration.md "ip").
  [[nodiscard]] bool ip_alone() const {
    return entered.count("ip") != 0 && entered.count("mgmt") == 0 && entered.count("sip") == 0 &&
           entered.count("scp") == 0;
  }
};

}  // namespace cmr::app
