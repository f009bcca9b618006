// The "sip" config node's typed configuration: the CMR SIP application
// server (DESIGN.md 9, docs/sip.md). The node (sip/as/sip_config_node.h)
// fills it; the composition root starts an application_server with
// `server` when a next hop is configured.
#pragma once

#include <cstdint>
#include <string>

#include "sip/as/application_server.h"

namespace cmr::sip::as {

struct sip_settings {
  // sip / bind, next-hop, mode, owner, other-party, media-address,
  // rtp-ports, ring-timeout, max-call-duration
  server_options server;
  // "next-hop" was given (server.as.next_hop): the server starts.
  bool has_next_hop = false;
  // sip / url-lifetime S: validity of the HTTP-mode download URLs
  std::uint32_t url_lifetime_s = 300;
  // sip / content-url-base URL (empty: http://<mgmt bind>/cmr/1/content/)
  std::string content_url_base;
  // sip / charging-records PATH: one JSON charging record per call (empty:
  // the NOTICE log line only)
  std::string charging_records;
};

}  // namespace cmr::sip::as
